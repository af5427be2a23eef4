package fr.mecaformation.credentials;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenBadgeCredentialTest {

    static final OpenBadgeCredential.Achievement BADGE = new OpenBadgeCredential.Achievement("urn:uuid:"
            + UUID.nameUUIDFromBytes("b".getBytes()), "Badge", "Premier Cours", "Une première formation terminée.",
            "Une formation terminée.");

    @Test
    @SuppressWarnings("unchecked")
    void the_credential_has_the_ob3_shape_and_names_the_holder_only_when_known() {
        UUID id = UUID.randomUUID();
        UUID subject = UUID.randomUUID();
        Map<String, Object> credential = OpenBadgeCredential.of(id, "Badge « Premier Cours »", subject, null, BADGE,
                Instant.parse("2026-12-04T10:00:00.123Z"), Instant.parse("2026-12-04T10:00:01.999Z"), "https://meca.test");

        assertThat(credential).containsKeys("@context", "id", "type", "name", "issuer", "validFrom", "awardedDate",
                "credentialSubject");
        assertThat(List.copyOf(credential.keySet())).startsWith("@context", "id", "type");
        assertThat(credential.get("@context")).isEqualTo(OpenBadgeCredential.CONTEXT);
        assertThat(credential.get("id")).isEqualTo("urn:uuid:" + id);
        assertThat((List<String>) credential.get("type")).containsExactly("VerifiableCredential", "OpenBadgeCredential");
        assertThat(credential.get("validFrom")).isEqualTo("2026-12-04T10:00:01Z");
        assertThat(credential.get("awardedDate")).isEqualTo("2026-12-04T10:00:00Z");
        Map<String, Object> holder = (Map<String, Object>) credential.get("credentialSubject");
        assertThat(holder).containsEntry("id", "urn:uuid:" + subject).doesNotContainKey("identifier");
        Map<String, Object> achievement = (Map<String, Object>) holder.get("achievement");
        assertThat(achievement).containsEntry("achievementType", "Badge").containsEntry("name", "Premier Cours")
                .containsEntry("criteria", Map.of("narrative", "Une formation terminée."));

        Map<String, Object> named = OpenBadgeCredential.of(id, "x", subject, "Camille Martin", BADGE, Instant.EPOCH,
                Instant.EPOCH, "https://meca.test");
        assertThat(((Map<String, Object>) named.get("credentialSubject")).get("identifier").toString()).contains("Camille Martin");
    }

    @Test
    void the_log_store_takes_plain_identifiers_only() {
        assertThatThrownBy(() -> new MerkleLogStore(null, "badge; DROP TABLE x", "credential_id"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MerkleLogStore(null, "badge_credential", "id\"")).isInstanceOf(IllegalArgumentException.class);
        assertThat(new MerkleLogStore(null, "badge_credential", "credential_id")).isNotNull();
    }
}
