package fr.mecaformation.credentials;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A W3C Verifiable Credential (data model 2.0) in the Open Badges 3.0 shape: the issuer is MécaFormation's profile,
 * the subject is the learner (named through an unhashed {@code IdentityObject} when their name is known) and the
 * achievement is what they did (a course for a certificate, a badge's criteria for a badge). The subject's id is
 * scoped to the credential (a fresh {@code urn:uuid:}), never the platform's user id: credentials are shown to
 * employers and anyone holding one would otherwise learn an id the platform's APIs accept (a trainer could invite
 * the holder into a cohort with it), and two credentials of one person would be linkable. Signed as a compact JWS
 * ({@code typ: vc+jwt}) whose payload is the credential itself (VC-JOSE-COSE).
 */
public final class OpenBadgeCredential {

    public static final List<String> CONTEXT = List.of("https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json");

    private OpenBadgeCredential() {
    }

    /**
     * The OB 3.0 {@code Achievement}.
     *
     * @param id              a URI (a {@code urn:uuid:} of the course, or the badge's public address)
     * @param achievementType one of the OB 3.0 vocabulary ({@code Certificate}, {@code Badge}, …)
     * @param criteria        the criteria's narrative, in French
     */
    public record Achievement(String id, String achievementType, String name, String description, String criteria) {
    }

    /**
     * @param name      the credential's title, in French
     * @param subjectId the holder's id in this credential only (see above)
     */
    public static Map<String, Object> of(UUID credentialId, String name, UUID subjectId, String holderName,
                                         Achievement achievement, Instant awardedAt, Instant issuedAt, String publicBaseUrl) {
        Map<String, Object> issuer = new LinkedHashMap<>();
        issuer.put("id", publicBaseUrl);
        issuer.put("type", List.of("Profile"));
        issuer.put("name", "MécaFormation");
        issuer.put("url", publicBaseUrl);

        Map<String, Object> achieved = new LinkedHashMap<>();
        achieved.put("id", achievement.id());
        achieved.put("type", List.of("Achievement"));
        achieved.put("achievementType", achievement.achievementType());
        achieved.put("name", achievement.name());
        achieved.put("description", achievement.description());
        achieved.put("criteria", Map.of("narrative", achievement.criteria()));

        Map<String, Object> subject = new LinkedHashMap<>();
        subject.put("id", "urn:uuid:" + subjectId);
        subject.put("type", List.of("AchievementSubject"));
        if (holderName != null && !holderName.isBlank()) {
            subject.put("identifier", List.of(Map.of("type", "IdentityObject", "identityType", "name",
                    "hashed", false, "identityHash", holderName)));
        }
        subject.put("achievement", achieved);

        Map<String, Object> credential = new LinkedHashMap<>();
        credential.put("@context", CONTEXT);
        credential.put("id", "urn:uuid:" + credentialId);
        credential.put("type", List.of("VerifiableCredential", "OpenBadgeCredential"));
        credential.put("name", name);
        credential.put("issuer", issuer);
        credential.put("validFrom", issuedAt.truncatedTo(ChronoUnit.SECONDS).toString());
        credential.put("awardedDate", awardedAt.truncatedTo(ChronoUnit.SECONDS).toString());
        credential.put("credentialSubject", subject);
        return credential;
    }
}
