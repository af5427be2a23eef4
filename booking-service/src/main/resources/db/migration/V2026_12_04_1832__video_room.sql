-- The video meeting room of a remote one-to-one booking or session (a seat uses its session's room). The room name is
-- random (244 bits): knowing it is enough to reach the Jitsi room, so it is handed to participants only. One row per
-- owner, created on first ask: concurrent first asks agree through the primary key.
CREATE TABLE video_room (
    owner_id   uuid        PRIMARY KEY,
    room       text        NOT NULL UNIQUE,
    created_at timestamptz NOT NULL
);
