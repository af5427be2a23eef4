package fr.mecaformation.progress.api;

import fr.mecaformation.progress.application.CertificateLog;
import fr.mecaformation.progress.application.Certificates;
import fr.mecaformation.progress.domain.Certificate;
import fr.mecaformation.credentials.SignedTreeHead;

import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The JSON shapes of certificates, signed heads and proofs. Log hashes are base64 (as in RFC 9162's JSON APIs); the
 * credential hash is hex (SHA-256 of the JWS, as {@code sha256sum} prints it).
 */
final class CertificateResponses {

    private CertificateResponses() {
    }

    record TreeHead(long treeSize, String rootHash, Instant timestamp, String signature) {
        static TreeHead of(SignedTreeHead head) {
            return head == null ? null : new TreeHead(head.treeSize(), b64(head.rootHash()), head.timestamp(), head.signature());
        }
    }

    record InclusionProof(long leafIndex, long treeSize, String leafHash, List<String> auditPath, TreeHead treeHead) {
        static InclusionProof of(CertificateLog.InclusionProof proof) {
            return proof == null ? null : new InclusionProof(proof.leafIndex(), proof.head().treeSize(), b64(proof.leafHash()),
                    proof.auditPath().stream().map(CertificateResponses::b64).toList(), TreeHead.of(proof.head()));
        }
    }

    record ConsistencyProof(long from, long to, List<String> proof, TreeHead fromHead, TreeHead toHead) {
        static ConsistencyProof of(CertificateLog.ConsistencyProof proof) {
            return new ConsistencyProof(proof.from().treeSize(), proof.to().treeSize(),
                    proof.proof().stream().map(CertificateResponses::b64).toList(), TreeHead.of(proof.from()),
                    TreeHead.of(proof.to()));
        }
    }

    /**
     * One certificate as the platform holds it. {@code holderName} is null when unknown at issue or erased; then
     * {@code holderNotice} says so in French.
     */
    record CertificateView(UUID certificateId, String status, String holderName, boolean holderErased,
                           String holderNotice, UUID courseId, String courseTitle, Instant completedAt, Instant issuedAt,
                           Instant revokedAt, String revocationReason, String revocationReasonLabel,
                           String credentialHash, long logIndex, String credential, String verificationUrl) {
        static CertificateView of(Certificate certificate, String verificationUrl) {
            return new CertificateView(certificate.id(), certificate.revoked() ? "REVOQUE" : "VALIDE",
                    certificate.holderName(), certificate.erased(),
                    certificate.erased() ? Certificates.ERASED
                            : certificate.holderName() == null ? "Nom du titulaire inconnu lors de l'émission." : null,
                    certificate.courseId(), certificate.courseTitle(), certificate.completedAt(), certificate.issuedAt(),
                    certificate.revokedAt(), certificate.revoked() ? certificate.revocationReason().name() : null,
                    certificate.revoked() ? certificate.revocationReason().label() : null,
                    HexFormat.of().formatHex(certificate.credentialHash()), certificate.logIndex(),
                    certificate.credentialJws(), verificationUrl);
        }
    }

    /** A verification's answer: {@code verdict} VALIDE, REVOQUE or INVALIDE, with a French message and each check. */
    record Verification(String verdict, boolean valid, String message, List<Certificates.Check> checks,
                        CertificateView certificate, Map<String, Object> credentialContent, InclusionProof inclusionProof) {
    }

    record Revocation(UUID certificateId, Instant revokedAt, String reason, String reasonLabel) {
        static Revocation of(Certificate certificate) {
            return new Revocation(certificate.id(), certificate.revokedAt(), certificate.revocationReason().name(),
                    certificate.revocationReason().label());
        }
    }

    static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
