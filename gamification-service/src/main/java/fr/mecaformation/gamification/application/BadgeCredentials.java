package fr.mecaformation.gamification.application;

import fr.mecaformation.credentials.CertificateSigningKey;
import fr.mecaformation.credentials.MerkleLog;
import fr.mecaformation.credentials.OpenBadgeCredential;
import fr.mecaformation.credentials.TransparencyLog;
import fr.mecaformation.gamification.config.BadgeCredentialProperties;
import fr.mecaformation.gamification.domain.Badge;
import fr.mecaformation.gamification.domain.BadgeCredential;
import fr.mecaformation.gamification.persistence.BadgeCredentialRepository;
import fr.mecaformation.web.problem.DomainException;
import fr.mecaformation.web.security.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Earned badges as Open Badges 3.0 credentials, signed, logged and verified as progress-service's certificates
 * (libs/credentials): a compact JWS ({@code vc+jwt}, EdDSA, {@code kid}) whose SHA-256 is appended to this service's
 * transparency log in the transaction that awards the badge; verification checks the signature against the published
 * keys, that this exact JWS is in the log (inclusion proof against a signed head) and that it is not revoked.
 */
@Service
public class BadgeCredentials {

    private static final Logger log = LoggerFactory.getLogger(BadgeCredentials.class);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.FRANCE)
            .withZone(ZoneId.of("Europe/Paris"));
    public static final String ERASED = "Les données du titulaire ont été effacées à sa demande ; le badge reste inscrit au journal.";

    private final BadgeCredentialRepository credentials;
    private final BadgeCredentialLog credentialLog;
    private final CertificateSigningKey key;
    private final BadgeCredentialProperties properties;
    private final TransactionalOperator transactional;
    private final Clock clock;

    public BadgeCredentials(BadgeCredentialRepository credentials, BadgeCredentialLog credentialLog,
                            CertificateSigningKey key, BadgeCredentialProperties properties,
                            TransactionalOperator transactional, Clock clock) {
        this.credentials = credentials;
        this.credentialLog = credentialLog;
        this.key = key;
        this.properties = properties;
        this.transactional = transactional;
        this.clock = clock;
    }

    public enum Outcome { VALIDE, REVOQUE, INVALIDE }

    public record Check(String name, boolean passed, String detail) {
    }

    /** The answer to « is this badge genuine? », as progress-service's certificate verdict. */
    public record Verdict(Outcome outcome, String message, List<Check> checks, BadgeCredential credential,
                          Map<String, Object> content, TransparencyLog.InclusionProof inclusion) {
        static Verdict invalid(String message, List<Check> checks) {
            return new Verdict(Outcome.INVALIDE, message, checks, null, null, null);
        }
    }

    /**
     * Issues the credential of a badge just earned, in the caller's transaction (the award's, learner row locked):
     * the log's lock serialises appends, and with them the once-per-badge check.
     */
    public Mono<Void> issue(UUID learnerId, Badge badge, Instant earnedAt) {
        return credentialLog.lock().flatMap(frontier -> credentials.exists(learnerId, badge.code()).flatMap(exists -> {
            if (exists) {
                return Mono.empty();
            }
            UUID id = UUID.randomUUID();
            // the holder as this credential names them: never the platform's user id (OpenBadgeCredential says why)
            UUID subjectId = UUID.randomUUID();
            Instant issuedAt = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            return Mono.fromCallable(() -> key.sign(CertificateSigningKey.CREDENTIAL_TYPE, OpenBadgeCredential.of(id,
                            "Badge « " + badge.title() + " »", subjectId, null, achievement(badge), earnedAt, issuedAt,
                            properties.publicBaseUrl())))
                    .subscribeOn(Schedulers.boundedElastic())
                    .flatMap(jws -> {
                        byte[] hash = MerkleLog.sha256(jws.getBytes(StandardCharsets.US_ASCII));
                        BadgeCredential credential = new BadgeCredential(id, learnerId, badge.code(), badge.title(), jws,
                                hash, frontier.size(), earnedAt, issuedAt, null, null, null);
                        return credentials.insert(credential)
                                .then(credentialLog.append(frontier, id, hash))
                                .doOnSuccess(head -> log.info("Badge {} issued as credential {} (log entry {})",
                                        badge.code(), id, frontier.size()))
                                .then();
                    });
        }));
    }

    /**
     * The badge as an OB 3.0 achievement. Its id is a name-based UUID of the badge's code: stable, so every holder's
     * credential names the same achievement, and no address that needs an account.
     */
    static OpenBadgeCredential.Achievement achievement(Badge badge) {
        UUID id = UUID.nameUUIDFromBytes(("mecaformation:badge:" + badge.code()).getBytes(StandardCharsets.UTF_8));
        return new OpenBadgeCredential.Achievement("urn:uuid:" + id, "Badge", badge.title(), badge.description(),
                badge.description() + " (badge « " + badge.code() + " » de MécaFormation, attribué automatiquement "
                        + "d'après l'activité enregistrée).");
    }

    /** Checks a badge credential as someone received it: signature with a published key, the log, revocation. */
    public Mono<Verdict> verify(String compactJws) {
        String jws = compactJws.strip();
        return Mono.fromCallable(() -> key.verify(jws, CertificateSigningKey.CREDENTIAL_TYPE))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(content -> {
                    byte[] hash = MerkleLog.sha256(jws.getBytes(StandardCharsets.US_ASCII));
                    List<Check> checks = new ArrayList<>(List.of(new Check("signature", true,
                            "Signature Ed25519 valide (clé " + CertificateSigningKey.keyIdOf(jws) + ").")));
                    return credentials.findByHash(hash)
                            .flatMap(credential -> {
                                if (!("urn:uuid:" + credential.id()).equals(content.get("id"))) {
                                    return Mono.just(Verdict.invalid("Ce badge ne correspond pas à celui du journal.", checks));
                                }
                                return logAndStatus(credential, content, checks);
                            })
                            .switchIfEmpty(Mono.fromSupplier(() -> {
                                checks.add(new Check("journal", false, "Aucun badge de ce contenu exact n'est inscrit au journal."));
                                return Verdict.invalid("Badge non valide : il n'est pas inscrit au journal public "
                                        + "de MécaFormation (contenu modifié ou jamais émis).", checks);
                            }));
                })
                .onErrorResume(CertificateSigningKey.Unverified.class, unverified -> Mono.just(Verdict.invalid(
                        "Badge non valide : " + unverified.getMessage(),
                        List.of(new Check("signature", false, unverified.getMessage())))));
    }

    /** What the platform knows of one badge credential, checked as {@link #verify} would (public). */
    public Mono<Verdict> status(UUID id) {
        return credentials.findById(id)
                .switchIfEmpty(Mono.error(() -> new DomainException.NotFound("Aucun badge " + id + ".")))
                .flatMap(credential -> {
                    if (credential.credentialJws() != null) {
                        return verify(credential.credentialJws());
                    }
                    List<Check> checks = new ArrayList<>(List.of(new Check("signature", true,
                            "Le badge signé est entre les mains de son titulaire ; notre copie a été effacée à sa demande.")));
                    return logAndStatus(credential, null, checks);
                });
    }

    private Mono<Verdict> logAndStatus(BadgeCredential credential, Map<String, Object> content, List<Check> checks) {
        return credentialLog.inclusion(credential.logIndex(), credential.credentialHash()).flatMap(inclusion ->
                credentialLog.headSignatureVerifies(inclusion.head()).map(headSigned -> {
                    boolean included = headSigned && inclusion.verifies();
                    checks.add(new Check("journal", included, included
                            ? "Inscrit au journal public : entrée n° " + credential.logIndex() + ", preuve d'inclusion vérifiée "
                            + "contre la tête signée de taille " + inclusion.head().treeSize() + "."
                            : "La preuve d'inclusion ne se vérifie pas contre la tête signée du journal."));
                    if (!included) {
                        return new Verdict(Outcome.INVALIDE, "Badge non valide : sa présence au journal ne se vérifie pas.",
                                checks, credential, content, inclusion);
                    }
                    if (credential.revoked()) {
                        String detail = "Révoqué le " + DATE.format(credential.revokedAt()) + " (motif : "
                                + credential.revocationReason().label() + ").";
                        checks.add(new Check("revocation", false, detail));
                        return new Verdict(Outcome.REVOQUE, "Badge révoqué : il a bien été émis par MécaFormation "
                                + "mais n'est plus valable. " + detail, checks, credential, content, inclusion);
                    }
                    checks.add(new Check("revocation", true, "Non révoqué."));
                    return new Verdict(Outcome.VALIDE, "Badge authentique : émis et signé par MécaFormation le "
                            + DATE.format(credential.issuedAt()) + ", inscrit au journal public, non révoqué."
                            + (credential.erased() ? " " + ERASED : ""), checks, credential, content, inclusion);
                }));
    }

    public Mono<BadgeCredential> revoke(Caller admin, UUID id, BadgeCredential.RevocationReason reason) {
        Mono<BadgeCredential> revoke = credentials.findById(id)
                .switchIfEmpty(Mono.error(() -> new DomainException.NotFound("Aucun badge " + id + ".")))
                .flatMap(found -> credentials.revoke(id, reason, admin.id(), clock.instant()))
                .flatMap(revoked -> revoked ? credentials.findById(id)
                        : Mono.error(new DomainException.Conflict("Ce badge est déjà révoqué ; rien n'a été modifié.")));
        return transactional.transactional(revoke);
    }

    public Flux<BadgeCredential> revocations() {
        return credentials.revoked();
    }

    public Map<String, Object> keys() {
        return key.publicJwkSet();
    }

    public Mono<TransparencyLog.ConsistencyProof> consistency(long from, long to) {
        return credentialLog.consistency(from, to);
    }

    public Mono<fr.mecaformation.credentials.SignedTreeHead> latestHead() {
        return credentialLog.latestHead();
    }

    public String credentialUrl(UUID id) {
        return properties.credentialUrl(id);
    }
}
