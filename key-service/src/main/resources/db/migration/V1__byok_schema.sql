-- Users' provider keys, BYOK settings, the audit trail and the validation rate limit.
-- A key is only ever stored as AES-256-GCM ciphertext (see key-service/README.md for the layout).

CREATE TABLE provider_keys (
    account_id   text        NOT NULL,
    provider     text        NOT NULL CHECK (provider IN ('anthropic', 'openai', 'gemini')),
    -- 12-byte nonce || ciphertext || 16-byte tag; AAD = account_id || '/' || provider
    ciphertext   bytea       NOT NULL CHECK (octet_length(ciphertext) > 28),
    -- id of the master key (sprintrr.crypto.keys) the ciphertext was made with
    key_id       text        NOT NULL,
    -- at most 10 characters of the key (never more than a quarter of it) plus an ellipsis
    hint         text        NOT NULL CHECK (char_length(hint) <= 11),
    model        text        NOT NULL,
    validated_at timestamptz NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL,
    PRIMARY KEY (account_id, provider)
);

-- Re-encryption looks for rows under a master key other than the primary one.
CREATE INDEX provider_keys_by_master_key ON provider_keys (key_id);

CREATE TABLE byok_settings (
    account_id      text        PRIMARY KEY,
    enabled         boolean     NOT NULL DEFAULT false,
    active_provider text,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    -- BYOK on always names a provider ...
    CONSTRAINT byok_enabled_needs_provider CHECK (NOT enabled OR active_provider IS NOT NULL),
    -- ... and an active provider always has a stored key of the same account.
    CONSTRAINT byok_active_provider_has_key FOREIGN KEY (account_id, active_provider)
        REFERENCES provider_keys (account_id, provider)
);

-- Who changed what when; never a key, a hint or a ciphertext.
CREATE TABLE key_audit (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id  text        NOT NULL,
    actor       text        NOT NULL,
    action      text        NOT NULL,
    provider    text,
    detail      text,
    occurred_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX key_audit_by_account ON key_audit (account_id, occurred_at);

-- GCRA state of the per-account validation limit: the "theoretical arrival time".
CREATE TABLE validation_rate_limits (
    account_id text        PRIMARY KEY,
    tat        timestamptz NOT NULL
);
