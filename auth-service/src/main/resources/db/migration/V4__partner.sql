-- A company using the public API, and the Keycloak client-credentials client it signs in with.
CREATE TABLE partner (
    id                 uuid PRIMARY KEY,
    company            text        NOT NULL CHECK (char_length(company) BETWEEN 2 AND 120),
    contact_email      text        NOT NULL,
    scopes             text[]      NOT NULL,
    client_id          text        NOT NULL UNIQUE,   -- what the partner sends as client_id
    keycloak_client_id uuid        NOT NULL UNIQUE,   -- Keycloak's internal id of that client
    service_account_id uuid        NOT NULL UNIQUE,   -- the subject of the partner's tokens
    created_at         timestamptz NOT NULL,
    revoked_at         timestamptz
);
