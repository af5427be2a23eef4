package fr.mecaformation.payment.application;

import com.stripe.model.Charge;
import com.stripe.model.Dispute;
import com.stripe.model.Event;
import com.stripe.model.PaymentIntent;
import com.stripe.model.StripeObject;
import com.stripe.model.checkout.Session;
import fr.mecaformation.events.payment.CoachingHourPurchased;
import fr.mecaformation.events.payment.DisputeOpened;
import fr.mecaformation.events.payment.PaymentSucceeded;
import fr.mecaformation.events.payment.RefundIssued;
import fr.mecaformation.payment.domain.Purchase;
import fr.mecaformation.payment.domain.PurchaseKind;
import fr.mecaformation.payment.domain.PurchaseStatus;
import fr.mecaformation.payment.persistence.InvoiceRepository;
import fr.mecaformation.payment.persistence.PurchaseRepository;
import fr.mecaformation.payment.persistence.RevenueRepository;
import fr.mecaformation.payment.stripe.StripeGateway;
import fr.mecaformation.platform.inbox.Inbox;
import fr.mecaformation.platform.metrics.AfterCommit;
import fr.mecaformation.platform.outbox.OutboxWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What Stripe tells us, applied once per Stripe event id: the id goes into the inbox in the transaction of the
 * effect (the purchase's new state and the event announcing it), and the webhook answers 2xx only after that
 * commit, so a notification is never lost (Stripe retries) nor applied twice. Notifications may arrive in any order:
 * a refund seen before the checkout's completion leaves the purchase refunded, and the completion then grants
 * nothing.
 */
@Service
public class StripeNotifications {

    private static final Logger log = LoggerFactory.getLogger(StripeNotifications.class);
    private static final String CONSUMER = "stripe-webhook";

    private final PurchaseRepository purchases;
    private final RevenueRepository revenue;
    private final StripeGateway stripe;
    private final Subscriptions subscriptions;
    private final Inbox inbox;
    private final MeterRegistry meters;
    private final OutboxWriter outbox;
    private final InvoiceRepository invoices;
    private final Clock clock;

    public StripeNotifications(PurchaseRepository purchases, RevenueRepository revenue, StripeGateway stripe,
                               Subscriptions subscriptions, InvoiceRepository invoices, Inbox inbox, OutboxWriter outbox, Clock clock,
                               MeterRegistry meters) {
        this.invoices = invoices;
        this.subscriptions = subscriptions;
        this.purchases = purchases;
        this.revenue = revenue;
        this.stripe = stripe;
        this.inbox = inbox;
        this.outbox = outbox;
        this.clock = clock;
        this.meters = meters;
    }

    /** @return whether the event was applied now (false: already applied, or a type we don't act on) */
    public Mono<Boolean> apply(Event event) {
        Optional<StripeObject> object = Optional.ofNullable(event.getDataObjectDeserializer().getObject().orElseGet(() -> {
            try {
                return event.getDataObjectDeserializer().deserializeUnsafe();
            } catch (Exception unreadable) {
                return null;
            }
        }));
        return switch (event.getType()) {
            case "checkout.session.completed" -> object.filter(Session.class::isInstance).map(Session.class::cast)
                    .map(session -> inbox.processOnce(CONSUMER, event.getId(), () -> completed(session)))
                    .orElseGet(() -> unreadable(event));
            case "charge.refunded" -> object.filter(Charge.class::isInstance).map(Charge.class::cast)
                    .map(charge -> purchaseOf(charge).flatMap(purchaseId -> inbox.processOnce(CONSUMER, event.getId(),
                            () -> refunded(purchaseId, charge))).defaultIfEmpty(false))
                    .orElseGet(() -> unreadable(event));
            case "customer.subscription.created", "customer.subscription.updated", "customer.subscription.deleted" ->
                    object.filter(com.stripe.model.Subscription.class::isInstance).map(com.stripe.model.Subscription.class::cast)
                            .map(sent -> stripe.subscription(sent.getId())
                                    .flatMap(current -> inbox.processOnce(CONSUMER, event.getId(), () -> subscriptions.sync(current))))
                            .orElseGet(() -> unreadable(event));
            // a renewal paid or failed: the subscription's state changed at Stripe; read it back
            case "invoice.paid", "invoice.payment_failed" -> object.filter(com.stripe.model.Invoice.class::isInstance)
                    .map(com.stripe.model.Invoice.class::cast)
                    .map(invoice -> Mono.justOrEmpty(invoice.getParent())
                            .mapNotNull(parent -> parent.getSubscriptionDetails() == null ? null
                                    : parent.getSubscriptionDetails().getSubscription())
                            .flatMap(stripe::subscription)
                            .flatMap(current -> inbox.processOnce(CONSUMER, event.getId(), () -> subscriptions.sync(current)
                                    .then("invoice.paid".equals(event.getType()) ? recordInvoice(invoice, current) : Mono.empty())))
                            .defaultIfEmpty(false))
                    .orElseGet(() -> unreadable(event));
            // a payment attempt ended: whatever the order of these and of checkout.session.completed, the intent read
            // back from Stripe says where it stands now; intents without our purchase id (subscriptions) are not ours
            case "payment_intent.succeeded", "payment_intent.payment_failed" -> object.filter(PaymentIntent.class::isInstance)
                    .map(PaymentIntent.class::cast)
                    .map(sent -> sent.getMetadata() == null || sent.getMetadata().get("purchaseId") == null ? Mono.just(false)
                            : stripe.paymentIntent(sent.getId()).flatMap(current -> current.purchaseId() == null ? Mono.just(false)
                                    : inbox.processOnce(CONSUMER, event.getId(), () -> attemptEnded(current))))
                    .orElseGet(() -> unreadable(event));
            case "charge.dispute.created" -> object.filter(Dispute.class::isInstance).map(Dispute.class::cast)
                    .map(dispute -> Mono.justOrEmpty(dispute.getPaymentIntent())
                            .flatMap(purchases::findByPaymentIntent)
                            .flatMap(purchase -> inbox.processOnce(CONSUMER, event.getId(), () -> purchases.coursesOf(purchase.id())
                                    .flatMap(courses -> {
                                        if (courses.isEmpty()) {
                                            // coaching: no course access is at stake, and DisputeOpened names courses
                                            log.warn("dispute {} opened on coaching purchase {}", dispute.getId(), purchase.id());
                                            return Mono.<Void>empty();
                                        }
                                        return outbox.append(new DisputeOpened(purchase.id(), purchase.learnerId(), courses,
                                                dispute.getAmount(), String.valueOf(dispute.getReason()), clock.instant()));
                                    })))
                            .defaultIfEmpty(false))
                    .orElseGet(() -> unreadable(event));
            default -> {
                log.info("Stripe event {} of type {} ignored", event.getId(), event.getType());
                yield Mono.just(false);
            }
        };
    }

    private Mono<Void> completed(Session session) {
        // "no_payment_required": a discount code took the whole price
        if (!("paid".equals(session.getPaymentStatus()) || "no_payment_required".equals(session.getPaymentStatus()))
                || session.getMetadata() == null || session.getMetadata().get("purchaseId") == null) {
            return Mono.empty();
        }
        return complete(UUID.fromString(session.getMetadata().get("purchaseId")), session.getPaymentIntent(), session.getAmountTotal());
    }

    private Mono<Void> attemptEnded(StripeGateway.PaymentIntentState intent) {
        if (intent.status() == null) {
            return Mono.empty();
        }
        return switch (intent.status()) {
            case "succeeded" -> complete(intent.purchaseId(), intent.id(), intent.amountCents());
            // refused and waiting for another card, or given up: the learner sees why
            case "requires_payment_method", "canceled" -> purchases.findForUpdate(intent.purchaseId())
                    .flatMap(before -> {
                        Purchase after = before.failed(intent.id(), intent.failureMessage());
                        return after == before ? Mono.<Void>empty() : purchases.update(after, clock.instant()).then();
                    });
            default -> Mono.empty();
        };
    }

    /**
     * A purchase was paid ({@code checkout.session.completed} or {@code payment_intent.succeeded}, whichever comes
     * first; the second finds it paid and does nothing).
     */
    private Mono<Void> complete(UUID purchaseId, String paymentIntent, Long amountPaidCents) {
        Instant now = clock.instant();
        return purchases.findForUpdate(purchaseId).flatMap(before -> purchases.grantsNothingNew(before)
                .flatMap(alreadyOwned -> alreadyOwned && before.status().isOpen()
                        ? paidTwice(before, paymentIntent, amountPaidCents, now)
                        : paid(before, paymentIntent, amountPaidCents, now)));
    }

    /**
     * The learner paid a second checkout for a course they already own (two tabs, two sessions): never charge twice.
     * The payment is refunded in full at once; Stripe's {@code charge.refunded} then closes the purchase as refunded.
     */
    private Mono<Void> paidTwice(Purchase purchase, String paymentIntent, Long amountPaidCents, Instant now) {
        Purchase withIntent = purchase.refunded(paymentIntent, 0);
        long charged = amountPaidCents == null ? purchase.amountCents() : Math.min(purchase.amountCents(), amountPaidCents);
        log.warn("purchase {} pays again for courses already owned by {}: refunding it", purchase.id(), purchase.learnerId());
        Mono<Purchase> saved = purchases.update(withIntent, now);
        return charged <= 0 || paymentIntent == null ? saved.then()
                : saved.flatMap(recorded -> stripe.refund(recorded, charged, "DUPLICATE", recorded.id())).then();
    }

    private Mono<Void> paid(Purchase before, String paymentIntent, Long amountPaidCents, Instant now) {
        Purchase after = before.paid(paymentIntent, amountPaidCents, now);
        Mono<Void> saved = purchases.update(after, now).then();
        if (before.status().isOpen() && after.status() == PurchaseStatus.PAID) {
            // what was charged, counted once the notification's transaction committed (business dashboard)
            saved = saved.then(AfterCommit.run(() -> Counter.builder("meca.payment.revenue.cents")
                    .description("Amount paid for purchases, VAT included, in cents").baseUnit("cents")
                    .tag("kind", after.kind().name()).tag("currency", after.currency())
                    .register(meters).increment(after.amountCents())));
            if (after.kind() == PurchaseKind.COACHING) {
                // grants no course: its own event, which course-granting consumers never take for a PaymentSucceeded
                return saved.then(outbox.append(new CoachingHourPurchased(after.id(), after.learnerId(), 1, after.amountCents(),
                        after.currency(), now)));
            }
            return saved.then(purchases.coursesOf(after.id())).flatMap(courses -> outbox.append(new PaymentSucceeded(
                    after.id(), after.learnerId(), courses, after.amountCents(), after.currency(), now)));
        }
        return saved;
    }

    /** The purchase a refunded charge belongs to: known by its payment intent, or asked of Stripe when it is not yet. */
    private Mono<UUID> purchaseOf(Charge charge) {
        String paymentIntent = charge.getPaymentIntent();
        if (paymentIntent == null) {
            return Mono.empty();
        }
        return purchases.findByPaymentIntent(paymentIntent).map(Purchase::id)
                .switchIfEmpty(stripe.purchaseOfPaymentIntent(paymentIntent).flatMap(Mono::justOrEmpty));
    }

    private Mono<Void> refunded(UUID purchaseId, Charge charge) {
        Instant now = clock.instant();
        return purchases.findForUpdate(purchaseId).flatMap(before -> {
            Purchase after = before.refunded(charge.getPaymentIntent(), charge.getAmountRefunded());
            Mono<Void> saved = purchases.update(after, now).then();
            long newlyRefunded = after.refundedCents() - before.refundedCents();
            if (newlyRefunded > 0) {
                saved = saved.then(revenue.recordRefund(after.id(), newlyRefunded, now));
            }
            if (before.grantsAccess() && newlyRefunded > 0) {
                // a coaching hour grants no course: nothing to take back (the refund is in the ledger)
                return saved.then(purchases.coursesOf(after.id())).flatMap(courses -> courses.isEmpty() ? Mono.<Void>empty()
                        : outbox.append(new RefundIssued(after.id(), after.learnerId(), courses, newlyRefunded,
                                after.status() == PurchaseStatus.REFUNDED, now)));
            }
            return saved;
        });
    }

    /** A paid subscription invoice, for the learner's list (in the notification's inbox transaction). */
    private Mono<Void> recordInvoice(com.stripe.model.Invoice invoice, StripeGateway.SubscriptionState subscription) {
        if (subscription.subscriptionId() == null || invoice.getId() == null) {
            return Mono.empty();
        }
        Long paidAt = invoice.getStatusTransitions() == null ? null : invoice.getStatusTransitions().getPaidAt();
        return invoices.recordPaid(invoice.getId(), subscription.subscriptionId(), invoice.getNumber(),
                invoice.getAmountPaid() == null ? 0 : invoice.getAmountPaid(),
                invoice.getCurrency() == null ? "EUR" : invoice.getCurrency().toUpperCase(java.util.Locale.ROOT),
                invoice.getHostedInvoiceUrl(), paidAt == null ? clock.instant() : Instant.ofEpochSecond(paidAt));
    }

    private static Mono<Boolean> unreadable(Event event) {
        log.warn("Stripe event {} of type {} has an unreadable object; ignored", event.getId(), event.getType());
        return Mono.just(false);
    }
}
