package com.sprintrr.keys.persistence;

import com.sprintrr.keys.crypto.Sealed;
import com.sprintrr.providers.Provider;

/** The ciphertext of one row with what binds it to the row (account and provider form the AAD). */
public record SealedRow(String accountId, Provider provider, Sealed sealed) {
}
