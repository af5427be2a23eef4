package fr.mecaformation.progress.application;

import fr.mecaformation.events.progress.CertificateRevoked;
import fr.mecaformation.platform.outbox.OutboxWriter;
import fr.mecaformation.progress.config.CertificateProperties;
import fr.mecaformation.progress.credential.CertificatePdf;
import fr.mecaformation.credentials.CertificateSigningKey;
import fr.mecaformation.progress.domain.Certificate;
import fr.mecaformation.credentials.MerkleLog;
import fr.mecaformation.progress.domain.RevocationReason;
import fr.mecaformation.progress.persistence.CertificateRepository;
import fr.mecaformation.web.problem.DomainException;
import fr.mecaformation.web.security.Caller;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** Reading, verifying, printing and revoking certificates. */
@Service
public class Certificates {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.FRANCE)
            .withZone(ZoneId.of("Europe/Paris"));
    public static final String ERASED = "Les données du titulaire ont été effacées à sa demande ; le certificat reste inscrit au journal.";

    private final CertificateRepository certificates;
    private final CertificateLog log;
    private final CertificateSigningKey key;
    private final CertificateProperties properties;
    private final OutboxWriter outbox;
    private final TransactionalOperator transactional;
    private final Clock clock;

    public Certificates(CertificateRepository certificates, CertificateLog log, CertificateSigningKey key,
                        CertificateProperties properties, OutboxWriter outbox, TransactionalOperator transactional,
                        Clock clock) {
        this.certificates = certificates;
        this.log = log;
        this.key = key;
        this.properties = properties;
        this.outbox = outbox;
        this.transactional = transactional;
        this.clock = clock;
    }

    public enum Outcome { VALIDE, REVOQUE, INVALIDE }

    public record Check(String name, boolean passed, String detail) {
    }

    /**
     * The answer to « is this certificate genuine? »: the outcome, a French sentence, each check made, and (when the
     * certificate was found) what it says and its inclusion proof against the latest signed head.
     */
    public record Verdict(Outcome outcome, String message, List<Check> checks, Certificate certificate,
                          Map<String, Object> credential, CertificateLog.InclusionProof inclusion) {
        static Verdict invalid(String message, List<Check> checks) {
            return new Verdict(Outcome.INVALIDE, message, checks, null, null, null);
        }
    }

    /** Checks a credential as someone received it: signature with the published key, the log, revocation. */
    public Mono<Verdict> verify(String compactJws) {
        String jws = compactJws.strip();
        return Mono.fromCallable(() -> key.verify(jws, CertificateSigningKey.CREDENTIAL_TYPE))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(credential -> {
                    byte[] hash = MerkleLog.sha256(jws.getBytes(StandardCharsets.US_ASCII));
                    List<Check> checks = new ArrayList<>(List.of(new Check("signature", true,
                            "Signature Ed25519 valide (clé " + CertificateSigningKey.keyIdOf(jws) + ").")));
                    return certificates.findByHash(hash)
                            .flatMap(certificate -> {
                                if (!("urn:uuid:" + certificate.id()).equals(credential.get("id"))) {
                                    return Mono.just(Verdict.invalid("Ce certificat ne correspond pas à celui du journal.", checks));
                                }
                                return logAndStatus(certificate, credential, checks);
                            })
                            .switchIfEmpty(Mono.fromSupplier(() -> {
                                checks.add(new Check("journal", false, "Aucun certificat de ce contenu exact n'est inscrit au journal."));
                                return Verdict.invalid("Certificat non valide : il n'est pas inscrit au journal public "
                                        + "de MécaFormation (contenu modifié ou jamais émis).", checks);
                            }));
                })
                .onErrorResume(CertificateSigningKey.Unverified.class, unverified -> Mono.just(Verdict.invalid(
                        "Certificat non valide : " + unverified.getMessage(),
                        List.of(new Check("signature", false, unverified.getMessage())))));
    }

    /** What the platform knows of one certificate, checked as {@link #verify} would (public: the QR code leads here). */
    public Mono<Verdict> status(UUID id) {
        return certificates.findById(id)
                .switchIfEmpty(Mono.error(() -> new DomainException.NotFound("Aucun certificat " + id + ".")))
                .flatMap(certificate -> {
                    if (certificate.credentialJws() != null) {
                        return verify(certificate.credentialJws());
                    }
                    List<Check> checks = new ArrayList<>(List.of(new Check("signature", true,
                            "Le certificat signé est entre les mains de son titulaire ; notre copie a été effacée à sa demande.")));
                    return logAndStatus(certificate, null, checks);
                });
    }

    private Mono<Verdict> logAndStatus(Certificate certificate, Map<String, Object> credential, List<Check> checks) {
        return log.inclusion(certificate.logIndex(), certificate.credentialHash()).flatMap(inclusion ->
                log.headSignatureVerifies(inclusion.head()).map(headSigned -> {
                    boolean included = headSigned && inclusion.verifies();
                    checks.add(new Check("journal", included, included
                            ? "Inscrit au journal public : entrée n° " + certificate.logIndex() + ", preuve d'inclusion vérifiée "
                            + "contre la tête signée de taille " + inclusion.head().treeSize() + "."
                            : "La preuve d'inclusion ne se vérifie pas contre la tête signée du journal."));
                    if (!included) {
                        return new Verdict(Outcome.INVALIDE, "Certificat non valide : sa présence au journal ne se vérifie pas.",
                                checks, certificate, credential, inclusion);
                    }
                    if (certificate.revoked()) {
                        String detail = "Révoqué le " + DATE.format(certificate.revokedAt()) + " (motif : "
                                + certificate.revocationReason().label() + ").";
                        checks.add(new Check("revocation", false, detail));
                        return new Verdict(Outcome.REVOQUE, "Certificat révoqué : il a bien été émis par MécaFormation "
                                + "mais n'est plus valable. " + detail, checks, certificate, credential, inclusion);
                    }
                    checks.add(new Check("revocation", true, "Non révoqué."));
                    return new Verdict(Outcome.VALIDE, "Certificat authentique : émis et signé par MécaFormation le "
                            + DATE.format(certificate.issuedAt()) + ", inscrit au journal public, non révoqué."
                            + (certificate.erased() ? " " + ERASED : ""), checks, certificate, credential, inclusion);
                }));
    }

    public Flux<Certificate> mine(Caller caller) {
        return certificates.ofLearner(caller.id());
    }

    public Mono<byte[]> pdf(Caller caller, UUID id) {
        return certificates.findById(id)
                .filter(certificate -> certificate.visibleTo(caller.id(), caller.isAdmin()))
                .switchIfEmpty(Mono.error(() -> new DomainException.NotFound("Aucun certificat " + id + ".")))
                .flatMap(certificate -> Mono.fromCallable(() -> CertificatePdf.render(certificate.id(),
                                certificate.holderName(), certificate.courseTitle(), certificate.completedAt(),
                                certificate.revoked(), properties.verificationPage(certificate.id())))
                        .subscribeOn(Schedulers.boundedElastic()));
    }

    public Mono<Certificate> revoke(Caller admin, UUID id, RevocationReason reason, String note) {
        Instant now = clock.instant();
        Mono<Certificate> revoke = certificates.findById(id)
                .switchIfEmpty(Mono.error(() -> new DomainException.NotFound("Aucun certificat " + id + ".")))
                .flatMap(certificate -> certificates.revoke(id, reason, note, admin.id(), now).flatMap(revoked -> {
                    if (!revoked) {
                        return Mono.error(new DomainException.Conflict("Ce certificat est déjà révoqué ; rien n'a été modifié."));
                    }
                    return outbox.append(new CertificateRevoked(id, certificate.learnerId(), certificate.courseId(),
                            reason.name(), now)).then(certificates.findById(id));
                }));
        return transactional.transactional(revoke);
    }

    public Flux<Certificate> revocations() {
        return certificates.revoked();
    }

    public Map<String, Object> keys() {
        return key.publicJwkSet();
    }
}
