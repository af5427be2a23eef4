-- Events appended in one transaction share their occurred_at (one clock reading, or the same microsecond), and the
-- relay used to break the tie on the random id: a LessonCompleted and the CourseCompleted it caused could leave in
-- the wrong order. The relay now follows insertion order.
ALTER TABLE outbox_event ADD COLUMN sequence bigint GENERATED ALWAYS AS IDENTITY;
DROP INDEX outbox_event_pending;
CREATE INDEX outbox_event_pending ON outbox_event (sequence) WHERE published_at IS NULL;
