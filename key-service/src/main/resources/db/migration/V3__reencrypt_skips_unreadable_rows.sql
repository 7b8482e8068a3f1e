-- Re-encryption marks a row whose ciphertext does not authenticate under its own master key (tampered,
-- copied from another row, or the key material behind the id changed) so later batches skip it instead
-- of selecting it again for ever; it is reported instead. Saving the key again clears the mark.
ALTER TABLE provider_keys ADD COLUMN unreadable_since timestamptz;
