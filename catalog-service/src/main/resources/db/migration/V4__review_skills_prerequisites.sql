-- Publication goes through a review: a trainer submits, an admin publishes or sends back with a comment.
ALTER TABLE course DROP CONSTRAINT course_status_check;
ALTER TABLE course ADD CONSTRAINT course_status_check CHECK (status IN ('DRAFT', 'IN_REVIEW', 'PUBLISHED'));
ALTER TABLE course ADD COLUMN review_comment text;
CREATE INDEX course_in_review ON course (updated_at) WHERE status = 'IN_REVIEW';

-- Skills taught, from the reference list of the trade (Skill.java); searchable and counted as a facet.
ALTER TABLE course ADD COLUMN skills text[] NOT NULL DEFAULT '{}';
CREATE INDEX course_skills ON course USING gin (skills) WHERE status = 'PUBLISHED';

-- Courses to have followed first. Cycles are refused by the catalog before they are written.
CREATE TABLE course_prerequisite (
    course_id       uuid NOT NULL REFERENCES course (id) ON DELETE CASCADE,
    prerequisite_id uuid NOT NULL REFERENCES course (id),
    PRIMARY KEY (course_id, prerequisite_id),
    CHECK (course_id <> prerequisite_id)
);
