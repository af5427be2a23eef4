package fr.mecaformation.payment.application;

import fr.mecaformation.payment.persistence.PurchaseRepository;
import fr.mecaformation.payment.persistence.RefundRequestRepository;
import fr.mecaformation.payment.stripe.StripeGateway;
import fr.mecaformation.web.problem.DomainException;
import fr.mecaformation.web.problem.FieldError;
import fr.mecaformation.web.security.Caller;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * Refunds an admin decides. Stripe does the refund; its {@code charge.refunded} notification then changes the
 * purchase and announces it (one path for every refund, ours or made in Stripe's dashboard).
 */
@Service
public class Refunds {

    private final PurchaseRepository purchases;
    private final StripeGateway stripe;
    private final RefundRequestRepository requests;
    private final Clock clock;

    public Refunds(PurchaseRepository purchases, StripeGateway stripe, RefundRequestRepository requests, Clock clock) {
        this.purchases = purchases;
        this.stripe = stripe;
        this.requests = requests;
        this.clock = clock;
    }

    public record RefundRequested(UUID requestId, UUID purchaseId, long amountCents, String stripeRefundId) {
    }

    /** @param amountCents null for everything not yet refunded */
    public Mono<RefundRequested> refund(Caller admin, UUID purchaseId, Long amountCents, String reason, String note,
                                        UUID requestId) {
        if (!admin.isAdmin()) {
            return Mono.error(new DomainException.Forbidden("Seuls les administrateurs remboursent."));
        }
        return purchases.findById(purchaseId)
                .switchIfEmpty(Mono.error(() -> new DomainException.NotFound("Aucun achat " + purchaseId + ".")))
                .flatMap(purchase -> {
                    long refundable = purchase.amountCents() - purchase.refundedCents();
                    long amount = amountCents == null ? refundable : amountCents;
                    if (!purchase.grantsAccess() || purchase.paymentIntentId() == null) {
                        return Mono.error(new DomainException.Conflict("Cet achat n'a pas de paiement à rembourser."));
                    }
                    if (amount <= 0 || amount > refundable) {
                        return Mono.error(new DomainException.Invalid("Montant de remboursement refusé.", List.of(
                                new FieldError("amount", "entre 0,01 € et " + euros(refundable) + " € (reste remboursable)"))));
                    }
                    return stripe.refund(purchase, amount, reason, requestId)
                            .flatMap(refundId -> requests.record(requestId, purchaseId, admin.id(), amount, reason, note,
                                            refundId, clock.instant())
                                    .thenReturn(new RefundRequested(requestId, purchaseId, amount, refundId)));
                });
    }

    private static String euros(long cents) {
        return String.format(java.util.Locale.FRANCE, "%d,%02d", cents / 100, cents % 100);
    }
}
