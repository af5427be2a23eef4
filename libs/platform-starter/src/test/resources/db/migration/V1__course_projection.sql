-- A consumer's read model, as a service that listens to the catalog would keep one.
CREATE TABLE course_projection (
    course_id uuid PRIMARY KEY,
    title     text NOT NULL,
    revision  bigint NOT NULL
);
