package fr.mecaformation.payment.api;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Event;
import com.stripe.net.Webhook;
import fr.mecaformation.payment.application.StripeNotifications;
import fr.mecaformation.payment.config.PaymentProperties;
import fr.mecaformation.web.problem.DomainException;
import fr.mecaformation.web.problem.FieldError;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Map;

/**
 * Stripe's notifications. The signature is checked over the raw body (300 s tolerance against replays of an old
 * delivery); the answer is 2xx only once the effect committed, so Stripe retries anything we could not apply.
 */
@RestController
public class StripeWebhookController {

    private static final long TOLERANCE_SECONDS = 300;

    private final StripeNotifications notifications;
    private final String signingSecret;

    public StripeWebhookController(StripeNotifications notifications, PaymentProperties properties) {
        this.notifications = notifications;
        this.signingSecret = properties.stripe().webhookSecret();
    }

    @PostMapping(path = "/api/payments/webhooks/stripe", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Map<String, Object>> receive(@RequestBody String payload,
                                             @RequestHeader(name = "Stripe-Signature", required = false) String signature) {
        Event event;
        try {
            if (signature == null || signingSecret == null || signingSecret.isBlank()) {
                throw new SignatureVerificationException("no signature", signature);
            }
            event = Webhook.constructEvent(payload, signature, signingSecret, TOLERANCE_SECONDS);
        } catch (SignatureVerificationException | RuntimeException refused) {
            return Mono.error(new DomainException.Invalid("Notification refusée : signature Stripe absente, fausse ou périmée.",
                    List.of(new FieldError("Stripe-Signature", "signature invalide"))));
        }
        return notifications.apply(event).map(applied -> Map.of("received", true, "applied", applied));
    }
}
