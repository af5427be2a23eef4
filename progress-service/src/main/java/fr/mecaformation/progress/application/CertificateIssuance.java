package fr.mecaformation.progress.application;

import fr.mecaformation.events.progress.CertificateIssued;
import fr.mecaformation.events.progress.CourseCompleted;
import fr.mecaformation.platform.outbox.OutboxWriter;
import fr.mecaformation.progress.config.CertificateProperties;
import fr.mecaformation.credentials.CertificateSigningKey;
import fr.mecaformation.credentials.OpenBadgeCredential;
import fr.mecaformation.progress.domain.Certificate;
import fr.mecaformation.credentials.MerkleLog;
import fr.mecaformation.progress.persistence.CertificateRepository;
import fr.mecaformation.progress.persistence.LearningCatalogRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

/**
 * Issues the certificate of a completed course, once per learner and course: signs the credential, appends its hash
 * to the log (new signed head) and announces {@code CertificateIssued}, all in the caller's transaction (the inbox's).
 */
@Service
public class CertificateIssuance {

    private static final Logger log = LoggerFactory.getLogger(CertificateIssuance.class);

    private final CertificateRepository certificates;
    private final CertificateLog certificateLog;
    private final LearningCatalogRepository catalog;
    private final CertificateSigningKey key;
    private final CertificateProperties properties;
    private final OutboxWriter outbox;
    private final Clock clock;

    public CertificateIssuance(CertificateRepository certificates, CertificateLog certificateLog,
                               LearningCatalogRepository catalog, CertificateSigningKey key,
                               CertificateProperties properties, OutboxWriter outbox, Clock clock) {
        this.certificates = certificates;
        this.certificateLog = certificateLog;
        this.catalog = catalog;
        this.key = key;
        this.properties = properties;
        this.outbox = outbox;
        this.clock = clock;
    }

    public Mono<Void> issue(CourseCompleted completed) {
        // the lock serialises appends, and with them this check: two deliveries can't both find no certificate
        return certificateLog.lock().flatMap(frontier -> certificates.exists(completed.learnerId(), completed.courseId())
                .flatMap(exists -> {
                    if (exists) {
                        log.info("Course {} already certified for learner {}: nothing issued", completed.courseId(),
                                completed.learnerId());
                        return Mono.empty();
                    }
                    // the legal name auth-service verified, not the display name the learner edits at will
                    return catalog.legalName(completed.learnerId()).map(Optional::of).defaultIfEmpty(Optional.empty())
                            .flatMap(name -> issue(frontier, completed, name.orElse(null)));
                }));
    }

    /** The course as the certificate's OB 3.0 achievement. */
    static OpenBadgeCredential.Achievement course(UUID courseId, String courseTitle) {
        return new OpenBadgeCredential.Achievement("urn:uuid:" + courseId, "Certificate", courseTitle,
                "Formation « " + courseTitle + " » suivie en entier sur MécaFormation.",
                "Toutes les leçons publiées de la formation ont été suivies et validées (vidéos vues, quiz réussis).");
    }

    private Mono<Void> issue(MerkleLog.Frontier frontier, CourseCompleted completed, String holderName) {
        UUID id = UUID.randomUUID();
        // the holder as this certificate names them: never the platform's user id (OpenBadgeCredential says why)
        UUID subjectId = UUID.randomUUID();
        Instant issuedAt = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        return Mono.fromCallable(() -> key.sign(CertificateSigningKey.CREDENTIAL_TYPE, OpenBadgeCredential.of(id,
                        "Certificat de réussite : " + completed.courseTitle(), subjectId, holderName,
                        course(completed.courseId(), completed.courseTitle()), completed.completedAt(), issuedAt,
                        properties.publicBaseUrl())))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(jws -> {
                    byte[] hash = MerkleLog.sha256(jws.getBytes(StandardCharsets.US_ASCII));
                    Certificate certificate = new Certificate(id, completed.learnerId(), completed.courseId(),
                            completed.courseTitle(), holderName, jws, hash, frontier.size(), completed.completedAt(),
                            issuedAt, null, null, null);
                    return certificates.insert(certificate)
                            .then(certificateLog.append(frontier, id, hash))
                            .flatMap(head -> outbox.append(new CertificateIssued(id, completed.learnerId(),
                                    completed.courseId(), completed.courseTitle(), HexFormat.of().formatHex(hash),
                                    frontier.size(), head.treeSize(), Base64.getEncoder().encodeToString(head.rootHash()),
                                    issuedAt)))
                            .doOnSuccess(done -> log.info("Certificate {} issued for course {} (log entry {})", id,
                                    completed.courseId(), frontier.size()));
                });
    }
}
