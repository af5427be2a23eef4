-- What can be bought, mirrored from catalog.course.v1: the price always comes from here, never from the client.
CREATE TABLE offer (
    course_id   uuid PRIMARY KEY,
    title       text        NOT NULL,
    price_cents bigint      NOT NULL CHECK (price_cents >= 0),   -- euro cents, VAT (TVA 20 %) included
    currency    char(3)     NOT NULL,
    published   boolean     NOT NULL,
    revision    bigint      NOT NULL,
    updated_at  timestamptz NOT NULL
);

-- One checkout and what became of it. The id is the payment id other services see, and Stripe's idempotency key.
CREATE TABLE purchase (
    id                       uuid PRIMARY KEY,
    learner_id               uuid        NOT NULL,
    course_id                uuid        NOT NULL REFERENCES offer (course_id),
    amount_cents             bigint      NOT NULL CHECK (amount_cents > 0),
    currency                 char(3)     NOT NULL,
    status                   text        NOT NULL CHECK (status IN ('PENDING', 'PAID', 'REFUNDED', 'PARTIALLY_REFUNDED')),
    stripe_session_id        text UNIQUE,
    checkout_url             text,
    stripe_payment_intent_id text UNIQUE,
    refunded_cents           bigint      NOT NULL DEFAULT 0 CHECK (refunded_cents >= 0),
    created_at               timestamptz NOT NULL,
    updated_at               timestamptz NOT NULL,
    paid_at                  timestamptz
);
-- A learner owns a course once: a second paid purchase of it can't exist.
CREATE UNIQUE INDEX purchase_owned ON purchase (learner_id, course_id) WHERE status = 'PAID';
CREATE INDEX purchase_learner ON purchase (learner_id, created_at DESC);
