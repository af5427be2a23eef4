-- Discount codes made by admins: a Stripe Coupon (the discount) and its Promotion Code (what learners type on the
-- checkout page). Deactivated, never deleted: past checkouts keep naming them.
CREATE TABLE coupon (
    id                       uuid PRIMARY KEY,
    code                     text        NOT NULL UNIQUE,
    name                     text        NOT NULL,
    percent_off              integer CHECK (percent_off BETWEEN 1 AND 100),
    amount_off_cents         bigint CHECK (amount_off_cents > 0),
    duration                 text        NOT NULL CHECK (duration IN ('ONCE', 'REPEATING', 'FOREVER')),
    duration_months          integer CHECK (duration_months BETWEEN 1 AND 36),
    expires_at               timestamptz,
    max_redemptions          integer CHECK (max_redemptions > 0),
    active                   boolean     NOT NULL DEFAULT true,
    stripe_coupon_id         text        NOT NULL,
    stripe_promotion_code_id text        NOT NULL,
    created_by               uuid        NOT NULL,
    created_at               timestamptz NOT NULL,
    deactivated_at           timestamptz,
    CHECK ((percent_off IS NULL) <> (amount_off_cents IS NULL)),
    CHECK ((duration = 'REPEATING') = (duration_months IS NOT NULL))
);

-- With a discount code the amount paid (Stripe's amount_total) is below the price, down to nothing for 100 % off:
-- the purchase records what was actually paid.
ALTER TABLE purchase DROP CONSTRAINT purchase_amount_cents_check;
ALTER TABLE purchase ADD CONSTRAINT purchase_amount_cents_check CHECK (amount_cents >= 0);
