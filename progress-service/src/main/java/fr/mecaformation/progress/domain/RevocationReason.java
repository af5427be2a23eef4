package fr.mecaformation.progress.domain;

/** Why a certificate was revoked; public, on the revocation list and the verification page (hence no free text). */
public enum RevocationReason {
    ISSUED_IN_ERROR("émis par erreur"),
    FRAUD("fraude constatée"),
    COURSE_WITHDRAWN("formation retirée"),
    OTHER("autre motif");

    private final String label;

    RevocationReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
