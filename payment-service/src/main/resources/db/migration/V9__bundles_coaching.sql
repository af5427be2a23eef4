-- Bundles: several published courses sold together for one price, defined by admins.
CREATE TABLE bundle (
    id          uuid PRIMARY KEY,
    title       text        NOT NULL,
    price_cents bigint      NOT NULL CHECK (price_cents > 0),   -- euro cents, VAT (TVA 20 %) included
    active      boolean     NOT NULL DEFAULT true,
    created_by  uuid        NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);
CREATE TABLE bundle_course (
    bundle_id uuid    NOT NULL REFERENCES bundle (id),
    course_id uuid    NOT NULL REFERENCES offer (course_id),
    position  integer NOT NULL,
    PRIMARY KEY (bundle_id, course_id)
);

-- A purchase is of one course, a bundle, or coaching (no course). What it grants is listed in purchase_course, as
-- it was when the purchase was made, so a bundle edited later never changes what a learner bought.
ALTER TABLE purchase ADD COLUMN kind text NOT NULL DEFAULT 'COURSE' CHECK (kind IN ('COURSE', 'BUNDLE', 'COACHING')),
                     ADD COLUMN bundle_id uuid REFERENCES bundle (id),
                     ALTER COLUMN course_id DROP NOT NULL;
ALTER TABLE purchase ADD CONSTRAINT purchase_kind_target
    CHECK ((kind = 'COURSE') = (course_id IS NOT NULL) AND (kind = 'BUNDLE') = (bundle_id IS NOT NULL));
CREATE TABLE purchase_course (
    purchase_id uuid NOT NULL REFERENCES purchase (id),
    course_id   uuid NOT NULL,
    PRIMARY KEY (purchase_id, course_id)
);
CREATE INDEX purchase_course_course ON purchase_course (course_id);
INSERT INTO purchase_course (purchase_id, course_id) SELECT id, course_id FROM purchase;
