package fr.mecaformation.payment.api;

import fr.mecaformation.payment.application.AdminCoupons;
import fr.mecaformation.payment.domain.Coupon;
import fr.mecaformation.platform.validation.PlainText;
import fr.mecaformation.web.security.Callers;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** Discount codes made by admins (learners type them on Stripe's checkout page). */
@RestController
@RequestMapping(path = "/api/payments/admin/coupons", produces = MediaType.APPLICATION_JSON_VALUE)
@PreAuthorize("hasRole('admin')")
public class AdminCouponController {

    private final AdminCoupons coupons;

    public AdminCouponController(AdminCoupons coupons) {
        this.coupons = coupons;
    }

    /** Either {@code percentOff} or {@code amountOff} (euros); {@code durationMonths} only for REPEATING. */
    public record CouponRequest(
            @NotNull(message = "est obligatoire")
            @Pattern(regexp = "[A-Za-z0-9-]{3,30}", message = "de 3 à 30 lettres, chiffres ou tirets") String code,
            @Size(max = 40, message = "ne doit pas dépasser {max} caractères") @PlainText String name,
            @Min(value = 1, message = "doit être entre 1 et 100") @Max(value = 100, message = "doit être entre 1 et 100") Integer percentOff,
            @DecimalMin(value = "0.01", message = "doit être d'au moins 0,01 €") @DecimalMax(value = "10000", message = "montant absurde")
            @Digits(integer = 5, fraction = 2, message = "au plus deux décimales") BigDecimal amountOff,
            @NotNull(message = "est obligatoire") Coupon.Duration duration,
            @Min(value = 1, message = "doit être entre 1 et 36") @Max(value = 36, message = "doit être entre 1 et 36") Integer durationMonths,
            Instant expiresAt,
            @Min(value = 1, message = "doit être d'au moins 1") @Max(value = 100000, message = "doit être d'au plus 100000") Integer maxRedemptions) {
    }

    public record CouponResponse(UUID couponId, String code, String name, Integer percentOff, BigDecimal amountOff,
                                 Coupon.Duration duration, Integer durationMonths, Instant expiresAt, Integer maxRedemptions,
                                 boolean active, Instant createdAt) {
        static CouponResponse of(Coupon coupon) {
            return new CouponResponse(coupon.id(), coupon.code(), coupon.name(), coupon.percentOff(),
                    coupon.amountOffCents() == null ? null : BigDecimal.valueOf(coupon.amountOffCents(), 2), coupon.duration(),
                    coupon.durationMonths(), coupon.expiresAt(), coupon.maxRedemptions(), coupon.active(), coupon.createdAt());
        }
    }

    /** {@code Idempotency-Key} makes a retried request harmless. */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<CouponResponse> create(@Valid @RequestBody CouponRequest request,
                                       @RequestHeader(name = "Idempotency-Key", required = false) UUID idempotencyKey,
                                       JwtAuthenticationToken caller) {
        String code = request.code().toUpperCase(Locale.ROOT);
        return coupons.create(Callers.of(caller), new AdminCoupons.NewCoupon(idempotencyKey == null ? UUID.randomUUID() : idempotencyKey,
                        code, request.name() == null || request.name().isBlank() ? code : request.name().strip(), request.percentOff(),
                        request.amountOff() == null ? null : request.amountOff().movePointRight(2).longValueExact(), request.duration(),
                        request.durationMonths(), request.expiresAt(), request.maxRedemptions()))
                .map(CouponResponse::of);
    }

    @GetMapping
    public Mono<List<CouponResponse>> all() {
        return coupons.all().map(list -> list.stream().map(CouponResponse::of).toList());
    }

    /** The code stops working for new checkouts. */
    @DeleteMapping("/{couponId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public Mono<Void> deactivate(@PathVariable UUID couponId) {
        return coupons.deactivate(couponId);
    }
}
