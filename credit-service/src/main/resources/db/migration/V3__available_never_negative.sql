-- available = balance - held never goes below zero (ARCHITECTURE.md, Credits). A generation that
-- succeeded without an open hold (its hold expired, or none was placed) is charged only what is
-- available; the rest is recorded here as uncollectable, never as a negative available.

CREATE TABLE uncollectable_charges (
    id            uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id    text        NOT NULL REFERENCES accounts (account_id),
    -- The generation whose charge could not be collected in full; one record per generation.
    -- Null only for the write-offs below.
    generation_id uuid        UNIQUE,
    amount        bigint      NOT NULL CHECK (amount > 0),
    reason        text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX uncollectable_charges_account_idx ON uncollectable_charges (account_id);

-- Accounts the old rule left below zero: the shortfall is written off the way the new rule would
-- have handled it (an explicit, visible adjustment entry plus its uncollectable record), so the
-- constraint below holds for every row and no later update of such a row can fail on it.
WITH short AS (
    SELECT account_id, held - balance AS amount FROM accounts WHERE balance < held
), entries AS (
    INSERT INTO ledger_entries (account_id, type, amount, reason)
    SELECT account_id, 'adjustment', amount, 'uncollectable: available was below zero, written off (V3)' FROM short
    RETURNING account_id
), records AS (
    INSERT INTO uncollectable_charges (account_id, amount, reason)
    SELECT account_id, amount, 'available was below zero, written off (V3)' FROM short
    RETURNING account_id
)
UPDATE accounts a SET balance = a.held, updated_at = now() FROM short s WHERE a.account_id = s.account_id;

ALTER TABLE accounts ADD CONSTRAINT accounts_available_not_negative CHECK (balance >= held);
