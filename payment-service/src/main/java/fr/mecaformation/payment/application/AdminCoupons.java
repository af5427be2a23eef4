package fr.mecaformation.payment.application;

import fr.mecaformation.payment.domain.Coupon;
import fr.mecaformation.payment.persistence.AdminCouponRepository;
import fr.mecaformation.payment.stripe.StripeGateway;
import fr.mecaformation.web.problem.DomainException;
import fr.mecaformation.web.security.Caller;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Discount codes admins make, through Stripe Coupons and Promotion Codes: Stripe first (outside any transaction),
 * then our row; the request's id keys Stripe's calls and our row, so a retried request makes one code.
 */
@Service
public class AdminCoupons {

    private final AdminCouponRepository coupons;
    private final StripeGateway stripe;
    private final Clock clock;

    public AdminCoupons(AdminCouponRepository coupons, StripeGateway stripe, Clock clock) {
        this.coupons = coupons;
        this.stripe = stripe;
        this.clock = clock;
    }

    public record NewCoupon(UUID id, String code, String name, Integer percentOff, Long amountOffCents, Coupon.Duration duration,
                            Integer durationMonths, Instant expiresAt, Integer maxRedemptions) {
    }

    public Mono<Coupon> create(Caller admin, NewCoupon request) {
        Instant now = clock.instant();
        Coupon.validate(request.percentOff(), request.amountOffCents(), request.duration(), request.durationMonths(),
                request.expiresAt(), now);
        return coupons.findById(request.id()) // the same request again: the code it made
                .switchIfEmpty(Mono.defer(() -> coupons.codeTaken(request.code()).flatMap(taken -> taken
                        ? Mono.error(new DomainException.Conflict("Le code « " + request.code() + " » existe déjà."))
                        : make(admin, request, now))));
    }

    private Mono<Coupon> make(Caller admin, NewCoupon request, Instant now) {
        Coupon draft = new Coupon(request.id(), request.code(), request.name(), request.percentOff(), request.amountOffCents(),
                request.duration(), request.durationMonths(), request.expiresAt(), request.maxRedemptions(), true, null, null, now);
        return stripe.createCoupon(draft)
                .flatMap(made -> coupons.insert(new Coupon(draft.id(), draft.code(), draft.name(), draft.percentOff(),
                                draft.amountOffCents(), draft.duration(), draft.durationMonths(), draft.expiresAt(),
                                draft.maxRedemptions(), true, made.couponId(), made.promotionCodeId(), now), admin.id())
                        .then(coupons.findById(draft.id())));
    }

    public Mono<List<Coupon>> all() {
        return coupons.all().collectList();
    }

    /** The code stops working at Stripe, then here; deactivating twice is harmless. */
    public Mono<Void> deactivate(UUID couponId) {
        return coupons.findById(couponId)
                .switchIfEmpty(Mono.error(() -> new DomainException.NotFound("Aucun code de réduction " + couponId + ".")))
                .flatMap(coupon -> coupon.active()
                        ? stripe.deactivatePromotionCode(coupon.stripePromotionCodeId()).then(coupons.deactivate(couponId, clock.instant()))
                        : Mono.empty());
    }
}
