-- Credit accounts, the append-only ledger, holds and the consumer's dedupe record.
-- Invariants (checked by the tests): accounts.balance = SUM(ledger_entries.amount) per account,
-- accounts.held = SUM(holds.amount) of the account's holds in status 'held'.

CREATE TABLE accounts (
    account_id     text        PRIMARY KEY,
    plan           text        NOT NULL,
    -- Running sum of the account's ledger entries, updated in the same transaction as each entry.
    balance        bigint      NOT NULL DEFAULT 0,
    -- Credits reserved by open holds; a hold is only placed while balance - held covers it.
    held           bigint      NOT NULL DEFAULT 0 CHECK (held >= 0),
    -- Monthly periods are counted from this instant (period k = anchor + k months), so they never drift.
    billing_anchor timestamptz NOT NULL,
    period_start   timestamptz NOT NULL,
    period_end     timestamptz NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CHECK (period_end > period_start)
);

CREATE INDEX accounts_period_end_idx ON accounts (period_end);

CREATE TABLE ledger_entries (
    account_id    text        NOT NULL REFERENCES accounts (account_id),
    -- Insertion order, for "newest first" without relying on equal timestamps.
    entry_no      bigint      GENERATED ALWAYS AS IDENTITY,
    id            uuid        NOT NULL DEFAULT gen_random_uuid() UNIQUE,
    type          text        NOT NULL CHECK (type IN ('grant', 'debit', 'release', 'adjustment')),
    amount        bigint      NOT NULL,
    generation_id uuid,
    reason        text,
    -- Makes a grant idempotent: the period's allowance, a plan change's top-up, a caller's Idempotency-Key.
    grant_key     text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    -- Also the index of an account's entries newest first: one index fewer to maintain per entry.
    PRIMARY KEY (account_id, entry_no),
    CHECK (type <> 'debit' OR amount < 0),
    CHECK (type <> 'release' OR amount = 0),
    CHECK (type <> 'grant' OR amount > 0)
);

-- The backstop behind the dedupe record: one debit and one release per generation, ever.
CREATE UNIQUE INDEX ledger_entries_generation_uq ON ledger_entries (generation_id, type) WHERE generation_id IS NOT NULL;
CREATE UNIQUE INDEX ledger_entries_grant_key_uq ON ledger_entries (account_id, grant_key) WHERE grant_key IS NOT NULL;

CREATE TABLE holds (
    generation_id uuid        PRIMARY KEY,
    account_id    text        NOT NULL REFERENCES accounts (account_id),
    mode          text        NOT NULL CHECK (mode IN ('quality', 'speed')),
    amount        bigint      NOT NULL CHECK (amount > 0),
    status        text        NOT NULL CHECK (status IN ('held', 'captured', 'released', 'expired')),
    expires_at    timestamptz NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    settled_at    timestamptz
);

-- What the sweeper scans: only open holds.
CREATE INDEX holds_open_expiry_idx ON holds (expires_at) WHERE status = 'held';
CREATE INDEX holds_account_open_idx ON holds (account_id) WHERE status = 'held';

-- One row per settled credits generation, written in the same transaction as its ledger change:
-- a redelivered or replayed generation-completed event finds its row and changes nothing.
CREATE TABLE processed_events (
    generation_id uuid        PRIMARY KEY,
    event_id      uuid        NOT NULL,
    account_id    text        NOT NULL,
    status        text        NOT NULL,
    processed_at  timestamptz NOT NULL DEFAULT now()
);
