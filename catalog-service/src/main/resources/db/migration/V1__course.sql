CREATE TABLE course (
    id               uuid PRIMARY KEY,
    owner_id         text        NOT NULL,             -- Keycloak subject of the owning trainer
    title            text        NOT NULL,
    description      text        NOT NULL,
    category         text        NOT NULL,
    level            text        NOT NULL,
    price_cents      bigint      NOT NULL CHECK (price_cents >= 0),   -- euro cents, VAT included
    currency         char(3)     NOT NULL DEFAULT 'EUR',
    duration_minutes integer     NOT NULL CHECK (duration_minutes > 0),
    thumbnail_url    text,
    status           text        NOT NULL CHECK (status IN ('DRAFT', 'PUBLISHED')),
    revision         bigint      NOT NULL,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    published_at     timestamptz
);

-- A trainer can't have two courses with the same title (the API answers 409).
CREATE UNIQUE INDEX course_owner_title ON course (owner_id, lower(title));
-- The public catalog: published courses, newest first, optionally by category and level.
CREATE INDEX course_published ON course (published_at DESC, id) WHERE status = 'PUBLISHED';
CREATE INDEX course_published_category_level ON course (category, level, published_at DESC) WHERE status = 'PUBLISHED';
CREATE INDEX course_owner ON course (owner_id, updated_at DESC);
