package fr.mecaformation.payment.application;

import fr.mecaformation.payment.domain.Offer;
import fr.mecaformation.payment.domain.Plan;
import fr.mecaformation.payment.domain.PricedItem;
import fr.mecaformation.payment.domain.Purchase;
import fr.mecaformation.payment.persistence.InvoiceRepository;
import fr.mecaformation.payment.persistence.BundleRepository;
import fr.mecaformation.payment.persistence.OfferRepository;
import fr.mecaformation.payment.persistence.PurchaseRepository;
import fr.mecaformation.payment.receipt.ReceiptPdf;
import fr.mecaformation.web.problem.DomainException;
import fr.mecaformation.web.security.Caller;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Receipts and invoices: only for what was paid, only to the learner who paid (or an admin); anyone else finds
 * nothing.
 */
@Service
public class Receipts {

    private final PurchaseRepository purchases;
    private final OfferRepository offers;
    private final BundleRepository bundles;
    private final InvoiceRepository invoices;

    public Receipts(PurchaseRepository purchases, OfferRepository offers, BundleRepository bundles, InvoiceRepository invoices) {
        this.invoices = invoices;
        this.bundles = bundles;
        this.purchases = purchases;
        this.offers = offers;
    }

    /** What the purchase bought, as the receipt names it. */
    public Mono<String> titleOf(Purchase purchase) {
        return switch (purchase.kind()) {
            case COURSE -> offers.findById(purchase.courseId()).map(Offer::title).defaultIfEmpty("Formation");
            case BUNDLE -> bundles.findById(purchase.bundleId()).map(bundle -> "Pack « " + bundle.title() + " »").defaultIfEmpty("Pack de formations");
            case COACHING -> Mono.just("Heure de coaching avec un formateur");
        };
    }

    public Mono<byte[]> receipt(Caller caller, UUID purchaseId) {
        return purchases.findById(purchaseId)
                .filter(purchase -> purchase.learnerId().equals(caller.id()) || caller.isAdmin())
                .switchIfEmpty(Mono.error(() -> new DomainException.NotFound("Aucun achat " + purchaseId + ".")))
                .flatMap(purchase -> {
                    if (purchase.paidAt() == null) {
                        return Mono.error(new DomainException.Conflict("Cet achat n'est pas payé : pas de reçu."));
                    }
                    return titleOf(purchase)
                            .flatMap(title -> Mono.fromCallable(() -> ReceiptPdf.render(purchase, title))
                                    .subscribeOn(Schedulers.boundedElastic()));
                });
    }

    /** One line of the learner's invoices: a paid purchase (its receipt) or a paid subscription invoice. */
    public record InvoiceLine(String id, String kind, String title, long amountCents, long refundedCents, String currency,
                              Instant paidAt, String downloadPath, String hostedInvoiceUrl) {
    }

    /** Everything the learner paid, newest first: purchases and subscription invoices. */
    public Mono<List<InvoiceLine>> invoicesOf(Caller learner) {
        Flux<InvoiceLine> paidPurchases = purchases.of(learner.id()).filter(purchase -> purchase.paidAt() != null)
                .concatMap(purchase -> titleOf(purchase).map(title -> new InvoiceLine(purchase.id().toString(), "PURCHASE", title,
                        purchase.amountCents(), purchase.refundedCents(), purchase.currency(), purchase.paidAt(),
                        "/api/payments/purchases/" + purchase.id() + "/receipt", null)));
        Flux<InvoiceLine> subscriptionInvoices = invoices.of(learner.id()).map(invoice -> new InvoiceLine(invoice.stripeInvoiceId(),
                "SUBSCRIPTION", planTitle(invoice.plan()), invoice.amountPaidCents(), 0, invoice.currency(), invoice.paidAt(),
                "/api/payments/me/invoices/" + invoice.stripeInvoiceId() + "/pdf", invoice.hostedInvoiceUrl()));
        return Flux.concat(paidPurchases, subscriptionInvoices)
                .sort(Comparator.comparing(InvoiceLine::paidAt).reversed())
                .collectList();
    }

    /** A subscription invoice's PDF, to its learner only (anyone else: as if it did not exist). */
    public Mono<byte[]> subscriptionInvoice(Caller caller, String stripeInvoiceId) {
        return invoices.find(stripeInvoiceId)
                .filter(invoice -> invoice.learnerId().equals(caller.id()) || caller.isAdmin())
                .switchIfEmpty(Mono.error(() -> new DomainException.NotFound("Aucune facture " + stripeInvoiceId + ".")))
                .flatMap(invoice -> Mono.fromCallable(() -> ReceiptPdf.renderInvoice(
                                invoice.number() != null ? invoice.number() : invoice.stripeInvoiceId(), invoice.paidAt(),
                                planTitle(invoice.plan()), invoice.amountPaidCents()))
                        .subscribeOn(Schedulers.boundedElastic()));
    }

    private static String planTitle(String plan) {
        return PricedItem.plan(Plan.valueOf(plan), 1).name();
    }
}
