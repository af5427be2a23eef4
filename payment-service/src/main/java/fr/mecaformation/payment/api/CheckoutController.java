package fr.mecaformation.payment.api;

import fr.mecaformation.payment.application.Bundles;
import fr.mecaformation.payment.application.Checkouts;
import fr.mecaformation.payment.domain.Bundle;
import fr.mecaformation.payment.domain.PurchaseKind;
import fr.mecaformation.payment.application.Coupons;
import fr.mecaformation.payment.persistence.CouponRepository;
import fr.mecaformation.payment.application.Receipts;
import fr.mecaformation.payment.application.Subscriptions;
import fr.mecaformation.payment.domain.Plan;
import fr.mecaformation.payment.domain.SubscriptionStatus;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import fr.mecaformation.payment.domain.Purchase;
import fr.mecaformation.payment.domain.PurchaseStatus;
import fr.mecaformation.payment.persistence.PurchaseRepository;
import fr.mecaformation.web.security.Callers;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@RestController
@RequestMapping(path = "/api/payments", produces = MediaType.APPLICATION_JSON_VALUE)
@PreAuthorize(Callers.PERSON)
public class CheckoutController {

    private final Checkouts checkouts;
    private final PurchaseRepository purchases;
    private final Receipts receipts;
    private final Subscriptions subscriptions;
    private final Coupons coupons;
    private final Bundles bundles;

    public CheckoutController(Checkouts checkouts, PurchaseRepository purchases, Receipts receipts, Subscriptions subscriptions,
                              Coupons coupons, Bundles bundles) {
        this.bundles = bundles;
        this.coupons = coupons;
        this.subscriptions = subscriptions;
        this.checkouts = checkouts;
        this.purchases = purchases;
        this.receipts = receipts;
    }

    /** What to buy; the price is never the client's to say. */
    public record CheckoutRequest(@NotNull(message = "est obligatoire") UUID courseId) {
    }

    public record PurchaseResponse(UUID purchaseId, PurchaseKind kind, UUID courseId, UUID bundleId, BigDecimal amount,
                                   String currency, PurchaseStatus status,
                                   String checkoutUrl, Instant createdAt, Instant paidAt, String failureReason) {
        static PurchaseResponse of(Purchase purchase) {
            return new PurchaseResponse(purchase.id(), purchase.kind(), purchase.courseId(), purchase.bundleId(),
                    BigDecimal.valueOf(purchase.amountCents(), 2),
                    purchase.currency(), purchase.status(),
                    purchase.status().isOpen() ? purchase.checkoutUrl() : null,
                    purchase.createdAt(), purchase.paidAt(), purchase.status() == PurchaseStatus.FAILED ? purchase.failureReason() : null);
        }
    }

    /** Starts paying for a course: answers the Stripe checkout page to send the learner to. */
    @PostMapping(path = "/checkout", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<PurchaseResponse> checkout(@Valid @RequestBody CheckoutRequest request, JwtAuthenticationToken caller) {
        return checkouts.start(Callers.of(caller), request.courseId()).map(PurchaseResponse::of);
    }

    /** Starts paying for a bundle of courses, at the bundle's price. */
    @PostMapping(path = "/bundles/{bundleId}/checkout")
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<PurchaseResponse> checkoutBundle(@PathVariable UUID bundleId, JwtAuthenticationToken caller) {
        return checkouts.startBundle(Callers.of(caller), bundleId).map(PurchaseResponse::of);
    }

    /** Starts paying for one hour of coaching with a trainer. */
    @PostMapping(path = "/coaching/checkout")
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<PurchaseResponse> checkoutCoaching(JwtAuthenticationToken caller) {
        return checkouts.startCoaching(Callers.of(caller)).map(PurchaseResponse::of);
    }

    public record BundleResponse(UUID bundleId, String title, BigDecimal price, List<UUID> courseIds, boolean active) {
        public static BundleResponse of(Bundle bundle) {
            return new BundleResponse(bundle.id(), bundle.title(), BigDecimal.valueOf(bundle.priceCents(), 2), bundle.courseIds(),
                    bundle.active());
        }
    }

    /** The bundles on sale. */
    @GetMapping("/bundles")
    public Mono<List<BundleResponse>> bundles() {
        return bundles.list(true).map(list -> list.stream().map(BundleResponse::of).toList());
    }

    public record SubscriptionRequest(@NotNull(message = "est obligatoire") Plan plan) {
    }

    public record SubscriptionResponse(UUID subscriptionId, Plan plan, BigDecimal amount, SubscriptionStatus status,
                                       String checkoutUrl) {
    }

    /** Subscribes to the whole catalog, monthly or yearly: answers the Stripe checkout page. */
    @PostMapping(path = "/subscriptions/checkout", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<SubscriptionResponse> subscribe(@Valid @RequestBody SubscriptionRequest request, JwtAuthenticationToken caller) {
        return subscriptions.start(Callers.of(caller), request.plan()).map(started -> new SubscriptionResponse(started.id(),
                started.plan(), BigDecimal.valueOf(started.amountCents(), 2), started.status(), started.checkoutUrl()));
    }

    /** The learner's earned discount codes, to type on the checkout page. */
    @GetMapping("/me/coupons")
    public Mono<List<CouponRepository.RewardCoupon>> coupons(JwtAuthenticationToken caller) {
        return coupons.mine(Callers.of(caller));
    }

    /** A paid purchase's receipt (PDF: amount before tax, TVA 20 %, amount paid). */
    @GetMapping(path = "/purchases/{purchaseId}/receipt", produces = {MediaType.APPLICATION_PDF_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    public Mono<ResponseEntity<byte[]>> receipt(@PathVariable UUID purchaseId, JwtAuthenticationToken caller) {
        return receipts.receipt(Callers.of(caller), purchaseId).map(pdf -> ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("recu-" + purchaseId + ".pdf").build().toString())
                .cacheControl(CacheControl.noStore())
                .body(pdf));
    }

    /** Everything the learner paid (purchases and subscription invoices), each with where to download it. */
    @GetMapping("/me/invoices")
    public Mono<List<Receipts.InvoiceLine>> invoices(JwtAuthenticationToken caller) {
        return receipts.invoicesOf(Callers.of(caller));
    }

    /** A paid subscription invoice as a PDF (amount before tax, TVA 20 %, amount paid). */
    @GetMapping(path = "/me/invoices/{invoiceId}/pdf", produces = {MediaType.APPLICATION_PDF_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    public Mono<ResponseEntity<byte[]>> invoicePdf(@PathVariable String invoiceId, JwtAuthenticationToken caller) {
        return receipts.subscriptionInvoice(Callers.of(caller), invoiceId).map(pdf -> ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("facture-" + invoiceId.replaceAll("[^A-Za-z0-9_-]", "") + ".pdf").build().toString())
                .cacheControl(CacheControl.noStore())
                .body(pdf));
    }

    @GetMapping("/purchases")
    public Mono<List<PurchaseResponse>> mine(JwtAuthenticationToken caller) {
        return purchases.of(Callers.of(caller).id()).map(PurchaseResponse::of).collectList();
    }
}
