-- Generations that may have reached a credit hold or a provider but have no recorded outcome yet.
-- Written before the hold / provider call, deleted by the statement that records the outcome (so
-- exactly one outcome wins: the live request's or the recovery's). The owning instance renews
-- lease_until while it works; a row whose lease expired is recorded as failed
-- (generation_interrupted) by any instance, with its event, and its Idempotency-Key is freed.
-- source/provider/model are null until the route is known: such a row charged nothing and
-- called nothing, so recovery only deletes it.
CREATE TABLE in_flight (
    generation_id   uuid         PRIMARY KEY,
    account_id      varchar(64)  NOT NULL,
    source          varchar(16),
    provider        varchar(16),
    model           varchar(128),
    mode            varchar(16),
    idempotency_key varchar(255),
    owner           varchar(64)  NOT NULL,
    lease_until     timestamptz  NOT NULL,
    created_at      timestamptz  NOT NULL DEFAULT now()
);
CREATE INDEX in_flight_by_lease ON in_flight (lease_until);
CREATE INDEX in_flight_by_owner ON in_flight (owner);
