-- One row per generation that reached a provider (succeeded or failed). Never an API key;
-- the prompt only when sprintrr.generation.prompts.store=true, truncated to prompts.store-max-chars.
CREATE TABLE generations (
    id              uuid         PRIMARY KEY,
    account_id      varchar(64)  NOT NULL,
    source          varchar(16)  NOT NULL CHECK (source IN ('credits', 'byok')),
    provider        varchar(16)  NOT NULL,
    model           varchar(128) NOT NULL,
    mode            varchar(16)  CHECK (mode IN ('quality', 'speed')),
    status          varchar(16)  NOT NULL CHECK (status IN ('succeeded', 'failed')),
    text            text,
    prompt          text,
    input_tokens    bigint       NOT NULL DEFAULT 0,
    output_tokens   bigint       NOT NULL DEFAULT 0,
    credits_charged bigint       NOT NULL DEFAULT 0,
    error_code      varchar(64),
    error_status    integer,
    created_at      timestamptz  NOT NULL,
    completed_at    timestamptz  NOT NULL,
    CHECK ((status = 'succeeded') = (error_code IS NULL))
);
CREATE INDEX generations_by_account ON generations (account_id, created_at DESC);

-- Idempotency-Key claims, scoped per account. generation_id is minted before the work starts,
-- so a claim without a generations row is a request still in flight.
CREATE TABLE idempotency_keys (
    account_id    varchar(64)  NOT NULL,
    key           varchar(255) NOT NULL,
    request_hash  char(64)     NOT NULL,
    generation_id uuid         NOT NULL,
    created_at    timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, key)
);
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);

-- Transactional outbox: written with the generation, published in id order by the relay.
CREATE TABLE outbox (
    id           bigserial    PRIMARY KEY,
    event_id     uuid         NOT NULL UNIQUE,
    account_id   varchar(64)  NOT NULL,
    topic        varchar(249) NOT NULL,
    payload      text         NOT NULL,
    created_at   timestamptz  NOT NULL DEFAULT now(),
    published_at timestamptz
);
CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL;
