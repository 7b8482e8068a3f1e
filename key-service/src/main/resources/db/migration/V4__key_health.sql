-- Key health: a read-model of how each stored key fares, learnt from generation-completed events
-- (consumer group key-service) and from POST /v1/byok/keys/{provider}/check. Never a key.

-- Every stored key gets a fresh version from one sequence, on insert and on every replacement, so
-- a version never comes back for the same account and provider (not even after delete and re-save).
-- generation-service records the version a byok generation ran with and puts it in the event;
-- events carrying another version are about a key that was since replaced and are ignored.
CREATE SEQUENCE provider_key_versions;

ALTER TABLE provider_keys
    ADD COLUMN key_version       bigint      NOT NULL DEFAULT nextval('provider_key_versions'),
    -- 'rejected': the provider refused this key on a generation or a check; 'ok' otherwise.
    ADD COLUMN status            text        NOT NULL DEFAULT 'ok' CHECK (status IN ('ok', 'rejected')),
    -- when the evidence behind status happened (event occurredAt or check time); null right after
    -- the key was saved (any event about this version is newer). Older evidence never overrides newer.
    ADD COLUMN status_at         timestamptz,
    ADD COLUMN last_used_at      timestamptz,
    ADD COLUMN last_failure_at   timestamptz,
    -- the contract's code of the last failure (e.g. byok_key_rejected; key_rejected from a check)
    ADD COLUMN last_failure_code text;

ALTER SEQUENCE provider_key_versions OWNED BY provider_keys.key_version;
