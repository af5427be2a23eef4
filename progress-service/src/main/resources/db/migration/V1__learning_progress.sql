-- What progress-service knows of other domains, projected from their events (it never calls them on a write path).

-- catalog.course.v1: newest revision wins
CREATE TABLE course (
    course_id  uuid PRIMARY KEY,
    owner_id   text        NOT NULL,
    title      text        NOT NULL,
    status     text        NOT NULL,
    revision   bigint      NOT NULL,
    updated_at timestamptz NOT NULL
);

-- catalog.lesson.v1 LessonPublished: the lessons learners follow, in course order
CREATE TABLE lesson (
    lesson_id        uuid PRIMARY KEY,
    course_id        uuid        NOT NULL,
    module_id        uuid        NOT NULL,
    module_position  integer     NOT NULL DEFAULT 1,
    position         integer     NOT NULL,
    kind             text        NOT NULL CHECK (kind IN ('VIDEO', 'READING', 'QUIZ', 'PRACTICE')),
    title            text        NOT NULL,
    duration_seconds double precision CHECK (duration_seconds > 0),
    published_at     timestamptz NOT NULL,
    CHECK (kind <> 'VIDEO' OR duration_seconds IS NOT NULL)
);
CREATE INDEX lesson_course ON lesson (course_id, module_position, position);

-- catalog.enrolment.v1: who may follow which course
CREATE TABLE course_access (
    learner_id uuid        NOT NULL,
    course_id  uuid        NOT NULL,
    granted_at timestamptz NOT NULL,
    PRIMARY KEY (learner_id, course_id)
);

-- payment.subscription.v1: a running subscription (past due included) opens every published course, as in the catalog
CREATE TABLE learner_subscription (
    learner_id      uuid PRIMARY KEY,
    subscription_id text        NOT NULL,
    status          text        NOT NULL CHECK (status IN ('ACTIVE', 'PAST_DUE', 'CANCELLED')),
    changed_at      timestamptz NOT NULL
);

-- identity.user.v1: the name printed on certificates
CREATE TABLE learner (
    learner_id   uuid PRIMARY KEY,
    display_name text   NOT NULL,
    revision     bigint NOT NULL
);

-- One learner's progress in one lesson. For videos: watched intervals as [start0, end0, start1, end1…] seconds,
-- the resume position (latest device time wins) and the last heartbeat, which the next one is paired with.
CREATE TABLE lesson_progress (
    learner_id       uuid             NOT NULL,
    lesson_id        uuid             NOT NULL,
    course_id        uuid             NOT NULL,
    watched          double precision[] NOT NULL DEFAULT '{}',
    watched_seconds  double precision NOT NULL DEFAULT 0 CHECK (watched_seconds >= 0),
    resume_position  double precision NOT NULL DEFAULT 0 CHECK (resume_position >= 0),
    resume_at        timestamptz,
    last_session     uuid,
    last_position    double precision,
    last_playing     boolean,
    last_rate        double precision,
    last_client_at   timestamptz,
    last_server_at   timestamptz,
    completed_at     timestamptz,
    updated_at       timestamptz      NOT NULL,
    PRIMARY KEY (learner_id, lesson_id)
);
CREATE INDEX lesson_progress_course ON lesson_progress (learner_id, course_id);
CREATE INDEX lesson_progress_recent ON lesson_progress (learner_id, resume_at DESC NULLS LAST);

CREATE TABLE course_completion (
    learner_id   uuid        NOT NULL,
    course_id    uuid        NOT NULL,
    lesson_count integer     NOT NULL,
    completed_at timestamptz NOT NULL,
    PRIMARY KEY (learner_id, course_id)
);

-- Counts that outlive the learners they count: an erased account takes its rows, not the course's statistics.
CREATE TABLE completion_stats (
    course_id         uuid PRIMARY KEY,
    lessons_completed bigint NOT NULL DEFAULT 0,
    courses_completed bigint NOT NULL DEFAULT 0
);

-- Heartbeats queued offline by the PWA, kept so that a playback split across batches pairs up whatever order the
-- batches arrive in.
CREATE TABLE offline_heartbeat (
    learner_id   uuid             NOT NULL,
    lesson_id    uuid             NOT NULL,
    session_id   uuid             NOT NULL,
    client_at    timestamptz      NOT NULL,
    position     double precision NOT NULL,
    playing      boolean          NOT NULL,
    rate         double precision NOT NULL,
    PRIMARY KEY (learner_id, lesson_id, session_id, client_at)
);

-- Offline items already applied, by the client's id: a resend answers the first outcome, a different content under
-- the same id is refused.
CREATE TABLE sync_item (
    learner_id   uuid        NOT NULL,
    client_id    text        NOT NULL,
    content_hash bytea       NOT NULL,
    outcome      text        NOT NULL,
    detail       text,
    received_at  timestamptz NOT NULL,
    PRIMARY KEY (learner_id, client_id)
);
