-- History (GET /v1/generations) pages by (created_at, id) newest first; usage (GET /v1/generations/usage)
-- sums one account's rows of a date range. Both read only this index: a range of one account's
-- entries, and the INCLUDE columns make the usage sum an index-only scan (no table rows visited).
CREATE INDEX generations_history ON generations (account_id, created_at DESC, id DESC)
    INCLUDE (source, provider, model, status, input_tokens, output_tokens, credits_charged);
-- Superseded: the index above has the same leading columns.
DROP INDEX IF EXISTS generations_by_account;

-- The version of the user's key a byok generation ran with (key-service's credential keyVersion),
-- so key-service can tell an event about a replaced key from one about the current key.
-- Never the key or its hint. Null on the credits path and for generations before this column.
ALTER TABLE generations ADD COLUMN key_version bigint;
