package fr.mecaformation.auth.application;

import fr.mecaformation.auth.keycloak.IdentityProvider;
import fr.mecaformation.auth.keycloak.VerificationEmailProperties;
import fr.mecaformation.auth.persistence.VerificationMailQueue;
import fr.mecaformation.auth.persistence.VerificationMailQueue.PendingMail;
import fr.mecaformation.platform.work.PollingLoop;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.ws.rs.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;

/**
 * Sends the verification e-mails registrations queued, after their answer: the request never waits for Keycloak's
 * SMTP exchange, and a mail server or Keycloak that is down delays the mail instead of losing it (attempts back off
 * from {@code firstRetry} to {@code maxRetry}, for {@code giveUpAfter}). Several instances share the queue through
 * leases. A mail may go out twice if an instance dies between Keycloak's send and the row's deletion: a second
 * identical link is harmless, a missing one locks the person out.
 */
@Component
public class VerificationMails implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(VerificationMails.class);
    private static final int BATCH = 20;
    private static final int CONCURRENCY = 4;
    /** Longer than a Keycloak call may take (its read timeout), so a lease never ends while its mail is being sent. */
    private static final Duration LEASE = Duration.ofSeconds(60);

    private final VerificationMailQueue queue;
    private final IdentityProvider identities;
    private final VerificationEmailProperties properties;
    private final Clock clock;
    private final MeterRegistry meters;
    private final PollingLoop loop;

    public VerificationMails(VerificationMailQueue queue, IdentityProvider identities,
                             VerificationEmailProperties properties, Clock clock, MeterRegistry meters) {
        this.queue = queue;
        this.identities = identities;
        this.properties = properties;
        this.clock = clock;
        this.meters = meters;
        this.loop = new PollingLoop(properties.pollInterval(), this::sendDue, failure -> {
            log.warn("Verification e-mail pass failed: {}", failure.toString());
            return Mono.empty();
        });
    }

    /** One pass: every due mail of a batch is tried once; returns how many went out. */
    public Mono<Long> sendDue() {
        return queue.claimDue(BATCH, LEASE)
                .flatMap(this::send, CONCURRENCY)
                .filter(Boolean::booleanValue)
                .count();
    }

    private Mono<Boolean> send(PendingMail mail) {
        return identities.sendVerificationEmail(mail.userId())
                .then(queue.forget(mail.userId()))
                .doOnSuccess(done -> count("sent"))
                .thenReturn(true)
                .onErrorResume(failure -> failed(mail, failure).thenReturn(false));
    }

    private Mono<Void> failed(PendingMail mail, Throwable failure) {
        String cause = NestedExceptionUtils.getMostSpecificCause(failure).toString();
        if (failure instanceof NotFoundException) {
            // the Keycloak account is gone (a registration undone, an erasure): nobody to write to
            count("abandoned");
            return queue.forget(mail.userId());
        }
        if (mail.requestedAt().plus(properties.giveUpAfter()).isBefore(clock.instant())) {
            log.error("Verification e-mail for account {} abandoned after {} attempts: {}", mail.userId(),
                    mail.attempts() + 1, cause);
            count("abandoned");
            return queue.forget(mail.userId());
        }
        Duration delay = backoff(mail.attempts());
        log.warn("Verification e-mail for account {} not sent (attempt {}), next in {}: {}", mail.userId(),
                mail.attempts() + 1, delay, cause);
        count("retried");
        return queue.retryLater(mail.userId(), delay, cause);
    }

    Duration backoff(int previousAttempts) {
        Duration delay = properties.firstRetry();
        for (int i = 0; i < previousAttempts && delay.compareTo(properties.maxRetry()) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(properties.maxRetry()) > 0 ? properties.maxRetry() : delay;
    }

    private void count(String outcome) {
        meters.counter("meca.registration.verification.mails", "outcome", outcome).increment();
    }

    @Override
    public void start() {
        loop.start();
    }

    @Override
    public void stop() {
        loop.stop();
    }

    @Override
    public boolean isRunning() {
        return loop.isRunning();
    }
}
