package fr.mecaformation.events.progress;

/** Wire constants of certificates (issued, revoked), keyed by certificate id. */
public final class CertificateEvents {

    public static final String TOPIC = "progress.certificate.v1";

    private CertificateEvents() {
    }
}
