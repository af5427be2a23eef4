-- What we sell, mirrored at Stripe: one Product per offer and its current Price (EUR, TVA 20 % inclusive). A price
-- change makes a new Price and deactivates the old one (Stripe prices are immutable); checkouts use the price id.
CREATE TABLE stripe_price (
    offer_key         text PRIMARY KEY,           -- course:<id>, bundle:<id>, coaching, plan:MONTHLY, plan:YEARLY
    name              text        NOT NULL,       -- the product's name as Stripe shows it on the checkout page
    amount_cents      bigint      NOT NULL CHECK (amount_cents > 0),
    stripe_product_id text        NOT NULL,
    stripe_price_id   text        NOT NULL UNIQUE,
    updated_at        timestamptz NOT NULL
);
