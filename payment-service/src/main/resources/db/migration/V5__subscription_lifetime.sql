-- When a subscription started and ended: monthly recurring revenue and churn are computed from these.
ALTER TABLE subscription ADD COLUMN activated_at timestamptz, ADD COLUMN cancelled_at timestamptz;
