-- Every refund Stripe confirmed (charge.refunded), dated: the revenue report counts refunds in the month they
-- happened, not in the month of the purchase.
CREATE TABLE refund (
    id           bigserial PRIMARY KEY,
    purchase_id  uuid        NOT NULL REFERENCES purchase (id),
    amount_cents bigint      NOT NULL CHECK (amount_cents > 0),
    refunded_at  timestamptz NOT NULL
);
CREATE INDEX refund_month ON refund (refunded_at);
CREATE INDEX purchase_paid_month ON purchase (paid_at) WHERE paid_at IS NOT NULL;
