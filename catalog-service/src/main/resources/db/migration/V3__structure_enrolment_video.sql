-- Course structure: course → modules → ordered lessons.
CREATE TABLE course_module (
    id         uuid PRIMARY KEY,
    course_id  uuid        NOT NULL REFERENCES course (id) ON DELETE CASCADE,
    position   integer     NOT NULL CHECK (position > 0),
    title      text        NOT NULL,
    created_at timestamptz NOT NULL,
    UNIQUE (course_id, position)
);

CREATE TABLE lesson (
    id           uuid PRIMARY KEY,
    course_id    uuid        NOT NULL REFERENCES course (id) ON DELETE CASCADE,
    module_id    uuid        NOT NULL REFERENCES course_module (id) ON DELETE CASCADE,
    position     integer     NOT NULL CHECK (position > 0),
    title        text        NOT NULL,
    kind         text        NOT NULL CHECK (kind IN ('VIDEO', 'READING', 'QUIZ', 'PRACTICE')),
    status       text        NOT NULL CHECK (status IN ('DRAFT', 'PUBLISHED')),
    -- the video learners are shown: set only once its transcoding succeeded, so a lesson never points at a
    -- half-made video; a new upload replaces it only when the new one is ready
    video_id     uuid,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    published_at timestamptz,
    UNIQUE (module_id, position),
    CHECK (status = 'DRAFT' OR kind <> 'VIDEO' OR video_id IS NOT NULL)
);
CREATE INDEX lesson_course ON lesson (course_id);

-- An uploaded video and its transcoding job. The worker claims due rows with FOR UPDATE SKIP LOCKED and a lease,
-- so several instances share the work and a crashed worker's job is taken up again when its lease ends.
CREATE TABLE video (
    id               uuid PRIMARY KEY,
    lesson_id        uuid        NOT NULL REFERENCES lesson (id) ON DELETE CASCADE,
    uploaded_by      text        NOT NULL,
    original_name    text        NOT NULL,
    content_type     text        NOT NULL,
    source_bytes     bigint      NOT NULL CHECK (source_bytes > 0),
    status           text        NOT NULL CHECK (status IN ('QUEUED', 'PROCESSING', 'READY', 'FAILED')),
    attempts         integer     NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL,
    lease_until      timestamptz,
    last_error       text,
    duration_seconds double precision CHECK (duration_seconds > 0),
    qualities        integer[],
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    ready_at         timestamptz
);
CREATE INDEX video_due ON video (next_attempt_at) WHERE status IN ('QUEUED', 'PROCESSING');
CREATE INDEX video_lesson ON video (lesson_id, created_at DESC);

ALTER TABLE lesson ADD CONSTRAINT lesson_video FOREIGN KEY (video_id) REFERENCES video (id);

-- A learner's access to a course. Revocation keeps the row (history, and a later grant reopens it).
CREATE TABLE enrolment (
    course_id     uuid        NOT NULL REFERENCES course (id),
    learner_id    uuid        NOT NULL,
    source        text        NOT NULL CHECK (source IN ('FREE', 'ADMIN', 'PAYMENT')),
    source_ref    text,
    granted_at    timestamptz NOT NULL,
    revoked_at    timestamptz,
    revoke_reason text CHECK (revoke_reason IN ('REFUND', 'ADMIN', 'ACCOUNT_DELETED')),
    PRIMARY KEY (course_id, learner_id)
);
CREATE INDEX enrolment_learner ON enrolment (learner_id) WHERE revoked_at IS NULL;
