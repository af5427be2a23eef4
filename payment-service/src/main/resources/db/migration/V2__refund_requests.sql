-- Refunds asked by an admin: who, how much, why. The purchase itself changes when Stripe confirms
-- (charge.refunded), whether the refund was made here or in Stripe's dashboard.
CREATE TABLE refund_request (
    id               uuid PRIMARY KEY,
    purchase_id      uuid        NOT NULL REFERENCES purchase (id),
    admin_id         uuid        NOT NULL,
    amount_cents     bigint      NOT NULL CHECK (amount_cents > 0),
    reason           text        NOT NULL CHECK (reason IN ('DUPLICATE', 'FRAUDULENT', 'REQUESTED_BY_CUSTOMER')),
    note             text,
    stripe_refund_id text        NOT NULL,
    created_at       timestamptz NOT NULL
);
CREATE INDEX refund_request_purchase ON refund_request (purchase_id);
