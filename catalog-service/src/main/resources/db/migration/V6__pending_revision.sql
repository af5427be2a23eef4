-- A published course is edited as a pending revision: learners keep the published one until an admin approves
-- the new one after review, so a change never reaches them half-done or unreviewed.
ALTER TABLE course
    ADD COLUMN pending_title            text,
    ADD COLUMN pending_description      text,
    ADD COLUMN pending_category         text,
    ADD COLUMN pending_level            text,
    ADD COLUMN pending_price_cents      bigint CHECK (pending_price_cents >= 0),
    ADD COLUMN pending_duration_minutes integer CHECK (pending_duration_minutes > 0),
    ADD COLUMN pending_thumbnail_url    text,
    ADD COLUMN pending_skills           text[],
    ADD COLUMN pending_in_review        boolean NOT NULL DEFAULT false,
    ADD CONSTRAINT course_pending_complete CHECK (
        (pending_title IS NULL) = (pending_description IS NULL)
        AND (pending_title IS NULL) = (pending_category IS NULL)
        AND (pending_title IS NULL) = (pending_price_cents IS NULL)
        AND (pending_title IS NOT NULL OR NOT pending_in_review)),
    ADD CONSTRAINT course_pending_only_when_published CHECK (pending_title IS NULL OR status = 'PUBLISHED');
CREATE INDEX course_pending_in_review ON course (updated_at) WHERE pending_in_review;
