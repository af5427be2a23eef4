-- Discounts learners earned (gamification.reward.v1): one single-use promotion code per reward.
CREATE TABLE reward_coupon (
    reward_id        uuid PRIMARY KEY,
    learner_id       uuid        NOT NULL,
    percent_off      integer CHECK (percent_off BETWEEN 1 AND 100),
    amount_off_cents bigint CHECK (amount_off_cents > 0),
    reason           text        NOT NULL,
    code             text        NOT NULL UNIQUE,
    stripe_coupon_id text        NOT NULL,
    expires_at       timestamptz NOT NULL,
    created_at       timestamptz NOT NULL,
    CHECK ((percent_off IS NULL) <> (amount_off_cents IS NULL))
);
CREATE INDEX reward_coupon_learner ON reward_coupon (learner_id, created_at DESC);
