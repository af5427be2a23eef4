package fr.mecaformation.progress.credential;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A course certificate as a W3C Verifiable Credential (data model 2.0) in the Open Badges 3.0 shape: the issuer is
 * MécaFormation's profile, the subject is the learner (named through an unhashed {@code IdentityObject} when their
 * name is known) and the achievement is the course. The subject's id is scoped to the certificate (a fresh
 * {@code urn:uuid:}), never the platform's user id: certificates are shown to employers and anyone holding one
 * would otherwise learn an id the platform's APIs accept (a trainer could invite the holder into a cohort with it),
 * and two certificates of one person would be linkable. Signed as a compact JWS ({@code typ: vc+jwt}) whose payload is the
 * credential itself (VC-JOSE-COSE).
 */
public final class OpenBadgeCredential {

    public static final List<String> CONTEXT = List.of("https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json");

    private OpenBadgeCredential() {
    }

    /** @param subjectId the holder's id in this certificate only (see above) */
    public static Map<String, Object> of(UUID certificateId, UUID subjectId, String holderName, UUID courseId,
                                         String courseTitle, Instant completedAt, Instant issuedAt, String publicBaseUrl) {
        Map<String, Object> issuer = new LinkedHashMap<>();
        issuer.put("id", publicBaseUrl);
        issuer.put("type", List.of("Profile"));
        issuer.put("name", "MécaFormation");
        issuer.put("url", publicBaseUrl);

        Map<String, Object> achievement = new LinkedHashMap<>();
        achievement.put("id", "urn:uuid:" + courseId);
        achievement.put("type", List.of("Achievement"));
        achievement.put("achievementType", "Certificate");
        achievement.put("name", courseTitle);
        achievement.put("description", "Formation « " + courseTitle + " » suivie en entier sur MécaFormation.");
        achievement.put("criteria", Map.of("narrative",
                "Toutes les leçons publiées de la formation ont été suivies et validées (vidéos vues, quiz réussis)."));

        Map<String, Object> subject = new LinkedHashMap<>();
        subject.put("id", "urn:uuid:" + subjectId);
        subject.put("type", List.of("AchievementSubject"));
        if (holderName != null && !holderName.isBlank()) {
            subject.put("identifier", List.of(Map.of("type", "IdentityObject", "identityType", "name",
                    "hashed", false, "identityHash", holderName)));
        }
        subject.put("achievement", achievement);

        Map<String, Object> credential = new LinkedHashMap<>();
        credential.put("@context", CONTEXT);
        credential.put("id", "urn:uuid:" + certificateId);
        credential.put("type", List.of("VerifiableCredential", "OpenBadgeCredential"));
        credential.put("name", "Certificat de réussite : " + courseTitle);
        credential.put("issuer", issuer);
        credential.put("validFrom", issuedAt.truncatedTo(ChronoUnit.SECONDS).toString());
        credential.put("awardedDate", completedAt.truncatedTo(ChronoUnit.SECONDS).toString());
        credential.put("credentialSubject", subject);
        return credential;
    }
}
