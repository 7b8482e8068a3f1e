-- The account's BYOK state version (issue 12: generation-service caches credentials, invalidated by
-- push). Every change to what the internal state and credential answers say (a key saved, replaced
-- or deleted, a model changed, the switch or the active provider changed) increments it under this
-- row's lock, and publishes it on the byok-changes topic before the commit (see key-service/README.md,
-- State versions). 0 is also what an account without a row answers, so the row must never be deleted
-- while generation-service may cache the account: its count would start again at 0 and a cache would
-- refuse the account's fills until it forgets the higher version (60 s) instead of invalidating.
ALTER TABLE byok_settings
    ADD COLUMN state_version bigint NOT NULL DEFAULT 0 CHECK (state_version >= 0);
