-- The name certificates carry: first and last name as given at registration (or in Keycloak by an admin), changed
-- only by an admin (PUT /api/auth/admin/users/{id}/legal-name, audited). The display name stays the person's own.
ALTER TABLE learner_profile ADD COLUMN legal_name text CHECK (char_length(legal_name) BETWEEN 2 AND 120);
-- Profiles written before: registration set the display name to "first last", so it is the best record of the
-- legal name there is; an admin corrects it through the checked path where it has been edited since.
UPDATE learner_profile SET legal_name = display_name WHERE erased_at IS NULL;
