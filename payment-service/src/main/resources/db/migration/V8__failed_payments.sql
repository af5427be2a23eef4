-- A payment attempt the bank refused (payment_intent.payment_failed): the purchase shows it to its learner and stays
-- payable on the same checkout page (Stripe lets the learner try another card there).
ALTER TABLE purchase DROP CONSTRAINT purchase_status_check;
ALTER TABLE purchase ADD CONSTRAINT purchase_status_check
    CHECK (status IN ('PENDING', 'FAILED', 'PAID', 'REFUNDED', 'PARTIALLY_REFUNDED'));
ALTER TABLE purchase ADD COLUMN failure_reason text;
