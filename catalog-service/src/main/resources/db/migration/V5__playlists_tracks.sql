-- A learner's own playlists of lessons: ordered, reorderable, shareable read-only through an unguessable token.
CREATE TABLE playlist (
    id          uuid PRIMARY KEY,
    owner_id    uuid        NOT NULL,
    title       text        NOT NULL,
    share_token text UNIQUE,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);
CREATE INDEX playlist_owner ON playlist (owner_id, updated_at DESC);

CREATE TABLE playlist_item (
    playlist_id uuid    NOT NULL REFERENCES playlist (id) ON DELETE CASCADE,
    position    integer NOT NULL CHECK (position > 0),
    lesson_id   uuid    NOT NULL REFERENCES lesson (id) ON DELETE CASCADE,
    PRIMARY KEY (playlist_id, lesson_id),
    UNIQUE (playlist_id, position)
);

-- WebVTT tracks of a video: captions per language, and its chapters.
CREATE TABLE video_track (
    video_id   uuid        NOT NULL REFERENCES video (id) ON DELETE CASCADE,
    kind       text        NOT NULL CHECK (kind IN ('CAPTIONS', 'CHAPTERS')),
    language   text        NOT NULL CHECK (language ~ '^[a-z]{2}$'),
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (video_id, kind, language)
);
