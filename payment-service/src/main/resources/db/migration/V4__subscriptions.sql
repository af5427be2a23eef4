-- One Stripe Customer per learner, made on their first subscription and reused.
CREATE TABLE customer (
    learner_id         uuid PRIMARY KEY,
    stripe_customer_id text        NOT NULL UNIQUE,
    created_at         timestamptz NOT NULL
);

-- The whole catalog for a month or a year. Its state follows Stripe's subscription, read back from Stripe on each
-- notification, so notifications arriving out of order still end in Stripe's current state.
CREATE TABLE subscription (
    id                     uuid PRIMARY KEY,
    learner_id             uuid        NOT NULL,
    plan                   text        NOT NULL CHECK (plan IN ('MONTHLY', 'YEARLY')),
    amount_cents           bigint      NOT NULL CHECK (amount_cents > 0),
    status                 text        NOT NULL CHECK (status IN ('PENDING', 'ACTIVE', 'PAST_DUE', 'CANCELLED')),
    stripe_subscription_id text UNIQUE,
    checkout_url           text,
    current_period_end     timestamptz,
    created_at             timestamptz NOT NULL,
    updated_at             timestamptz NOT NULL
);
-- A learner has at most one running subscription.
CREATE UNIQUE INDEX subscription_running ON subscription (learner_id) WHERE status IN ('ACTIVE', 'PAST_DUE');
