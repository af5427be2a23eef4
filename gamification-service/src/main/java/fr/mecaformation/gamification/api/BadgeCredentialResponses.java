package fr.mecaformation.gamification.api;

import fr.mecaformation.credentials.SignedTreeHead;
import fr.mecaformation.credentials.TransparencyLog;
import fr.mecaformation.gamification.application.BadgeCredentials;
import fr.mecaformation.gamification.domain.BadgeCredential;

import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The JSON shapes of badge credentials, signed heads and proofs: those of progress-service's certificates (log hashes
 * in base64 as in RFC 9162's JSON APIs, the credential hash in hex as {@code sha256sum} prints it), so one verifier
 * reads both. Never the holder's user id.
 */
final class BadgeCredentialResponses {

    private BadgeCredentialResponses() {
    }

    record TreeHead(long treeSize, String rootHash, Instant timestamp, String signature) {
        static TreeHead of(SignedTreeHead head) {
            return head == null ? null : new TreeHead(head.treeSize(), b64(head.rootHash()), head.timestamp(), head.signature());
        }
    }

    record InclusionProof(long leafIndex, long treeSize, String leafHash, List<String> auditPath, TreeHead treeHead) {
        static InclusionProof of(TransparencyLog.InclusionProof proof) {
            return proof == null ? null : new InclusionProof(proof.leafIndex(), proof.head().treeSize(), b64(proof.leafHash()),
                    proof.auditPath().stream().map(BadgeCredentialResponses::b64).toList(), TreeHead.of(proof.head()));
        }
    }

    record ConsistencyProof(long from, long to, List<String> proof, TreeHead fromHead, TreeHead toHead) {
        static ConsistencyProof of(TransparencyLog.ConsistencyProof proof) {
            return new ConsistencyProof(proof.from().treeSize(), proof.to().treeSize(),
                    proof.proof().stream().map(BadgeCredentialResponses::b64).toList(), TreeHead.of(proof.from()),
                    TreeHead.of(proof.to()));
        }
    }

    /** One badge credential as the platform holds it; {@code credential} (the JWS) is null once erased. */
    record CredentialView(UUID credentialId, String status, String badge, String badgeTitle, boolean holderErased,
                          String holderNotice, Instant earnedAt, Instant issuedAt, Instant revokedAt,
                          String revocationReason, String revocationReasonLabel, String credentialHash, long logIndex,
                          String credential, String statusUrl) {
        static CredentialView of(BadgeCredential credential, String statusUrl) {
            return new CredentialView(credential.id(), credential.revoked() ? "REVOQUE" : "VALIDE", credential.badge(),
                    credential.badgeTitle(), credential.erased(), credential.erased() ? BadgeCredentials.ERASED : null,
                    credential.earnedAt(), credential.issuedAt(), credential.revokedAt(),
                    credential.revoked() ? credential.revocationReason().name() : null,
                    credential.revoked() ? credential.revocationReason().label() : null,
                    HexFormat.of().formatHex(credential.credentialHash()), credential.logIndex(),
                    credential.credentialJws(), statusUrl);
        }
    }

    /** A verification's answer: {@code verdict} VALIDE, REVOQUE or INVALIDE, with a French message and each check. */
    record Verification(String verdict, boolean valid, String message, List<BadgeCredentials.Check> checks,
                        CredentialView badgeCredential, Map<String, Object> credentialContent,
                        InclusionProof inclusionProof) {
        static Verification of(BadgeCredentials.Verdict verdict, BadgeCredentials credentials) {
            return new Verification(verdict.outcome().name(), verdict.outcome() == BadgeCredentials.Outcome.VALIDE,
                    verdict.message(), verdict.checks(),
                    verdict.credential() == null ? null : CredentialView.of(verdict.credential(),
                            credentials.credentialUrl(verdict.credential().id())),
                    verdict.content(), InclusionProof.of(verdict.inclusion()));
        }
    }

    record Revocation(UUID credentialId, String badge, Instant revokedAt, String reason, String reasonLabel) {
        static Revocation of(BadgeCredential credential) {
            return new Revocation(credential.id(), credential.badge(), credential.revokedAt(),
                    credential.revocationReason().name(), credential.revocationReason().label());
        }
    }

    static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
