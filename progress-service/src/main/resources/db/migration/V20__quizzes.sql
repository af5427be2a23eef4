-- Quizzes of QUIZ lessons. Each PUT by the trainer adds a version; attempts keep the version they answered, so their
-- score and feedback never change, and the current quiz is the lesson's highest version.
CREATE TABLE quiz_version (
    lesson_id         uuid        NOT NULL,
    version           integer     NOT NULL CHECK (version >= 1),
    pass_mark_percent integer     NOT NULL CHECK (pass_mark_percent BETWEEN 1 AND 100),
    max_attempts      integer     NOT NULL CHECK (max_attempts >= 1),
    cooldown_seconds  bigint      NOT NULL CHECK (cooldown_seconds >= 0),
    -- questions with their options, right answers and explanations (never sent to learners before they answer)
    questions         jsonb       NOT NULL,
    created_at        timestamptz NOT NULL,
    PRIMARY KEY (lesson_id, version)
);

-- Attempts by their client-made id: the same id and answers give back the stored result; different answers are refused.
-- An erased learner's attempts stay without them (learner_id NULL) for the quiz's figures.
CREATE TABLE quiz_attempt (
    attempt_id     uuid PRIMARY KEY,
    learner_id     uuid,
    lesson_id      uuid             NOT NULL,
    course_id      uuid             NOT NULL,
    quiz_version   integer          NOT NULL,
    attempt_number integer          NOT NULL CHECK (attempt_number >= 1),
    answers        jsonb            NOT NULL,
    answers_hash   bytea            NOT NULL,
    earned_points  double precision NOT NULL,
    max_points     integer          NOT NULL,
    score_percent  integer          NOT NULL CHECK (score_percent BETWEEN 0 AND 100),
    passed         boolean          NOT NULL,
    submitted_at   timestamptz      NOT NULL,
    FOREIGN KEY (lesson_id, quiz_version) REFERENCES quiz_version (lesson_id, version),
    UNIQUE (learner_id, lesson_id, attempt_number)
);
CREATE INDEX quiz_attempt_lesson ON quiz_attempt (lesson_id, quiz_version);
