-- Platform tables every service gets, in their own schema "platform" with their own Flyway history,
-- so the library and each service evolve their migrations independently.

CREATE TABLE outbox_event (
    id            uuid PRIMARY KEY,               -- the CloudEvent id: consumers deduplicate on it
    topic         text        NOT NULL,
    event_type    text        NOT NULL,
    subject       text        NOT NULL,            -- aggregate id, the Kafka key
    payload       jsonb       NOT NULL,
    occurred_at   timestamptz NOT NULL,
    traceparent   text,
    correlation_id text,
    published_at  timestamptz,
    attempts      integer     NOT NULL DEFAULT 0,
    last_error    text
);

-- The relay only ever scans unpublished rows, oldest first.
CREATE INDEX outbox_event_pending ON outbox_event (occurred_at) WHERE published_at IS NULL;

CREATE TABLE processed_event (
    consumer      text        NOT NULL,
    event_id      text        NOT NULL,
    processed_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);
