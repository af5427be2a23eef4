-- Subscription invoices Stripe reported paid (invoice.paid), for the learner's list of invoices and their PDF.
CREATE TABLE subscription_invoice (
    stripe_invoice_id  text PRIMARY KEY,
    subscription_id    uuid        NOT NULL REFERENCES subscription (id),
    learner_id         uuid        NOT NULL,
    number             text,
    amount_paid_cents  bigint      NOT NULL CHECK (amount_paid_cents >= 0),
    currency           char(3)     NOT NULL,
    hosted_invoice_url text,
    paid_at            timestamptz NOT NULL
);
CREATE INDEX subscription_invoice_learner ON subscription_invoice (learner_id, paid_at DESC);
