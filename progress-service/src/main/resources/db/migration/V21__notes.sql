-- Learners' private notes on lessons. Ids may be made by the client (offline); version rises with every change and
-- a deleted note stays as an empty tombstone (deleted_at) so that a replayed create or edit can't revive it.
CREATE TABLE note (
    note_id          uuid PRIMARY KEY,
    learner_id       uuid             NOT NULL,
    lesson_id        uuid             NOT NULL,
    position_seconds double precision NOT NULL CHECK (position_seconds >= 0),
    markdown         text             NOT NULL,
    version          bigint           NOT NULL CHECK (version >= 1),
    created_at       timestamptz      NOT NULL,
    updated_at       timestamptz      NOT NULL,
    deleted_at       timestamptz
);
CREATE INDEX note_learner_lesson ON note (learner_id, lesson_id, position_seconds) WHERE deleted_at IS NULL;
CREATE INDEX note_learner ON note (learner_id);
