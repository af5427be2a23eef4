-- The relay used to hold FOR UPDATE locks (and a pooled connection) on a whole batch while it waited for Kafka, and
-- carried on after a failed send, so a later event of the same key could overtake an earlier one. It now claims rows
-- with a lease in a short transaction, sends outside any transaction, marks them in another short one, and never
-- claims a row while an earlier unsent row of the same key is leased or waiting for its retry.
ALTER TABLE outbox_event
    ADD COLUMN claimed_until   timestamptz,   -- lease end: after it another instance may take the row over
    ADD COLUMN claimed_by      text,          -- which relay instance holds the lease (for operators)
    ADD COLUMN next_attempt_at timestamptz;   -- after a refused send: not before (exponential backoff)

-- The per-key order check ("is there an earlier unsent row of this topic and subject?") reads this index only.
CREATE INDEX outbox_event_pending_key ON outbox_event (topic, subject, sequence) WHERE published_at IS NULL;

-- The retention purges delete the oldest rows first, in bounded batches.
CREATE INDEX outbox_event_published ON outbox_event (published_at) WHERE published_at IS NOT NULL;
CREATE INDEX processed_event_age ON processed_event (processed_at);
