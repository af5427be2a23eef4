package fr.mecaformation.payment.application;

import fr.mecaformation.payment.domain.Offer;
import fr.mecaformation.payment.domain.Purchase;
import fr.mecaformation.payment.persistence.BundleRepository;
import fr.mecaformation.payment.persistence.OfferRepository;
import fr.mecaformation.payment.persistence.PurchaseRepository;
import fr.mecaformation.payment.receipt.ReceiptPdf;
import fr.mecaformation.web.problem.DomainException;
import fr.mecaformation.web.security.Caller;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.UUID;

/** Receipts: only for what was paid, only to the learner who paid (or an admin); anyone else finds nothing. */
@Service
public class Receipts {

    private final PurchaseRepository purchases;
    private final OfferRepository offers;
    private final BundleRepository bundles;

    public Receipts(PurchaseRepository purchases, OfferRepository offers, BundleRepository bundles) {
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
}
