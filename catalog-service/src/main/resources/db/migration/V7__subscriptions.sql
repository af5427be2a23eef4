-- Learners' subscriptions as payment-service announces them (payment.subscription.v1): an active or past-due
-- subscription opens every published course. as_of orders the announcements; an older one changes nothing.
CREATE TABLE learner_subscription (
    learner_id      uuid PRIMARY KEY,
    subscription_id uuid        NOT NULL,
    status          text        NOT NULL CHECK (status IN ('ACTIVE', 'PAST_DUE', 'CANCELLED')),
    as_of           timestamptz NOT NULL
);
