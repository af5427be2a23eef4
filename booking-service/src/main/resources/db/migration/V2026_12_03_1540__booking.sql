-- Bookings. Every rule that must hold under concurrency is a constraint here, not a check in the code: two requests
-- racing for one slot both pass any read made before their insert (Cal.com's double bookings); only the database
-- sees both.
CREATE EXTENSION IF NOT EXISTS btree_gist;

-- A trainer's published availability for one kind of one-to-one booking: weekly windows and dated exceptions in
-- local time of an IANA zone (slots are generated per local date, so DST weeks are right).
CREATE TABLE availability (
    trainer_id            uuid        NOT NULL,
    kind                  text        NOT NULL CHECK (kind IN ('ADVICE', 'COACHING')),
    zone                  text        NOT NULL,
    buffer_before_minutes integer     NOT NULL CHECK (buffer_before_minutes BETWEEN 0 AND 120),
    buffer_after_minutes  integer     NOT NULL CHECK (buffer_after_minutes BETWEEN 0 AND 120),
    minimum_notice_minutes integer    NOT NULL CHECK (minimum_notice_minutes BETWEEN 0 AND 20160),
    maximum_advance_days  integer     NOT NULL CHECK (maximum_advance_days BETWEEN 1 AND 365),
    daily_cap             integer     CHECK (daily_cap BETWEEN 1 AND 48),
    weekly                jsonb       NOT NULL,
    exceptions            jsonb       NOT NULL,
    updated_at            timestamptz NOT NULL,
    PRIMARY KEY (trainer_id, kind)
);

-- Group sessions (webinars, mock exams): seats counted in the row, taken and given back by conditional updates.
-- seats_taken counts confirmed seats and seats offered to the waitlist (an offer holds its seat until it ends).
CREATE TABLE session (
    id          uuid        PRIMARY KEY,
    trainer_id  uuid        NOT NULL,
    kind        text        NOT NULL CHECK (kind IN ('WEBINAR', 'MOCK_EXAM')),
    title       text        NOT NULL,
    zone        text        NOT NULL,
    starts_at   timestamptz NOT NULL,
    ends_at     timestamptz NOT NULL,
    capacity    integer     NOT NULL CHECK (capacity BETWEEN 1 AND 500),
    seats_taken integer     NOT NULL DEFAULT 0,
    status      text        NOT NULL CHECK (status IN ('SCHEDULED', 'CANCELLED')),
    created_at  timestamptz NOT NULL,
    CONSTRAINT session_seats_within_capacity CHECK (seats_taken BETWEEN 0 AND capacity),
    CONSTRAINT session_ends_after_start CHECK (ends_at > starts_at)
);
CREATE INDEX session_trainer ON session (trainer_id, starts_at);
CREATE INDEX session_starts ON session (starts_at) WHERE status = 'SCHEDULED';

-- One row per booking: one-to-one (advice, coaching; session_id NULL) or a seat of a session.
--   period  = the meeting itself, what a learner can't attend twice at once;
--   blocked = the period widened by the trainer's buffers, what the trainer's agenda can't hold twice.
-- Only HELD (coaching being paid) and CONFIRMED bookings hold time; learner_id is NULL once the account is erased.
CREATE TABLE booking (
    id              uuid        PRIMARY KEY,
    kind            text        NOT NULL CHECK (kind IN ('ADVICE', 'COACHING', 'WEBINAR', 'MOCK_EXAM')),
    trainer_id      uuid        NOT NULL,
    learner_id      uuid,
    session_id      uuid        REFERENCES session (id),
    starts_at       timestamptz NOT NULL,
    ends_at         timestamptz NOT NULL,
    -- the trainer's (or session's) zone: how the booking is shown and reasoned about locally
    zone            text        NOT NULL,
    period          tstzrange   GENERATED ALWAYS AS (tstzrange(starts_at, ends_at, '[)')) STORED,
    blocked         tstzrange   NOT NULL,
    status          text        NOT NULL CHECK (status IN ('HELD', 'CONFIRMED', 'CANCELLED', 'EXPIRED', 'COMPLETED')),
    hold_expires_at timestamptz,
    payment_id      uuid,
    sequence        integer     NOT NULL DEFAULT 0,
    note            text,
    created_at      timestamptz NOT NULL,
    confirmed_at    timestamptz,
    cancelled_at    timestamptz,
    cancelled_by    text        CHECK (cancelled_by IN ('LEARNER', 'TRAINER', 'ADMIN', 'SYSTEM')),
    attended        boolean,
    attendance_recorded_at timestamptz,
    reminded_24h_at timestamptz,
    reminded_1h_at  timestamptz,
    CONSTRAINT booking_ends_after_start CHECK (ends_at > starts_at),
    CONSTRAINT booking_blocked_covers_period CHECK (blocked @> period),
    CONSTRAINT booking_one_to_one_or_seat CHECK ((session_id IS NULL) = (kind IN ('ADVICE', 'COACHING'))),
    CONSTRAINT booking_hold_expires CHECK (status <> 'HELD' OR hold_expires_at IS NOT NULL),
    -- zero double bookings of a trainer, buffers included
    CONSTRAINT booking_trainer_overlap EXCLUDE USING gist (trainer_id WITH =, blocked WITH &&)
        WHERE (session_id IS NULL AND status IN ('HELD', 'CONFIRMED')),
    -- a learner never holds two overlapping bookings, of any kind
    CONSTRAINT booking_learner_overlap EXCLUDE USING gist (learner_id WITH =, period WITH &&)
        WHERE (status IN ('HELD', 'CONFIRMED'))
);
-- one open (not yet completed) advice booking per learner at a time
CREATE UNIQUE INDEX booking_one_open_advice ON booking (learner_id)
    WHERE kind = 'ADVICE' AND status IN ('HELD', 'CONFIRMED');
-- one coaching hold per learner at a time: the payment event (learner, no booking id) names it unambiguously
CREATE UNIQUE INDEX booking_one_coaching_hold ON booking (learner_id) WHERE kind = 'COACHING' AND status = 'HELD';
-- one seat per learner and session
CREATE UNIQUE INDEX booking_one_seat ON booking (session_id, learner_id)
    WHERE session_id IS NOT NULL AND status IN ('HELD', 'CONFIRMED');
CREATE INDEX booking_learner ON booking (learner_id, starts_at);
CREATE INDEX booking_trainer ON booking (trainer_id, starts_at);
CREATE INDEX booking_holds_due ON booking (hold_expires_at) WHERE status = 'HELD';
CREATE INDEX booking_reminders_due ON booking (starts_at) WHERE status = 'CONFIRMED' AND reminded_1h_at IS NULL;

-- The waitlist of a full session, served in order of arrival (position). A freed seat is offered to the first
-- waiting learner for a limited time; an offer that ends unanswered goes to the next.
CREATE TABLE waitlist_entry (
    id               uuid        PRIMARY KEY,
    session_id       uuid        NOT NULL REFERENCES session (id),
    learner_id       uuid,
    position         bigint      GENERATED ALWAYS AS IDENTITY,
    status           text        NOT NULL CHECK (status IN ('WAITING', 'OFFERED', 'ACCEPTED', 'EXPIRED', 'CANCELLED')),
    created_at       timestamptz NOT NULL,
    offered_at       timestamptz,
    offer_expires_at timestamptz,
    booking_id       uuid        REFERENCES booking (id),
    CONSTRAINT waitlist_offer_expires CHECK (status <> 'OFFERED' OR offer_expires_at IS NOT NULL)
);
CREATE UNIQUE INDEX waitlist_once_per_learner ON waitlist_entry (session_id, learner_id)
    WHERE status IN ('WAITING', 'OFFERED');
CREATE INDEX waitlist_next ON waitlist_entry (session_id, position) WHERE status = 'WAITING';
CREATE INDEX waitlist_offers_due ON waitlist_entry (offer_expires_at) WHERE status = 'OFFERED';

-- What became of each coaching payment (payment.purchase.v1 CoachingHourPurchased): the hold it confirmed, the
-- slot it re-booked after the hold expired, or a refund an admin must make (payment-service offers no refund
-- request contract: its refunds are an admin operation). The payment id as key makes a redelivery harmless.
CREATE TABLE coaching_payment (
    payment_id   uuid        PRIMARY KEY,
    learner_id   uuid,
    booking_id   uuid        REFERENCES booking (id),
    amount_cents bigint      NOT NULL,
    outcome      text        NOT NULL CHECK (outcome IN ('CONFIRMED', 'REBOOKED', 'REFUND_REQUIRED')),
    reason       text,
    received_at  timestamptz NOT NULL
);
CREATE INDEX coaching_payment_refunds ON coaching_payment (received_at) WHERE outcome = 'REFUND_REQUIRED';
