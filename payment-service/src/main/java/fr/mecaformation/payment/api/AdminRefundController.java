package fr.mecaformation.payment.api;

import fr.mecaformation.payment.application.Refunds;
import fr.mecaformation.platform.validation.PlainText;
import fr.mecaformation.web.security.Callers;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.util.UUID;

@RestController
public class AdminRefundController {

    private final Refunds refunds;

    public AdminRefundController(Refunds refunds) {
        this.refunds = refunds;
    }

    public enum Reason { DUPLICATE, FRAUDULENT, REQUESTED_BY_CUSTOMER }

    /** {@code amount} in euros; absent, everything not yet refunded. */
    public record RefundRequest(
            @DecimalMin(value = "0.01", message = "doit être d'au moins 0,01 €") @DecimalMax(value = "100000", message = "montant absurde")
            @Digits(integer = 6, fraction = 2, message = "au plus deux décimales") BigDecimal amount,
            @NotNull(message = "est obligatoire") Reason reason,
            @Size(max = 500, message = "ne doit pas dépasser {max} caractères") @PlainText String note) {
    }

    public record RefundResponse(UUID refundRequestId, UUID purchaseId, BigDecimal amount, String stripeRefundId) {
    }

    /**
     * Asks Stripe to refund; answers 202 because the purchase changes when Stripe confirms. {@code Idempotency-Key}
     * makes a retried request harmless.
     */
    @PostMapping(path = "/api/payments/admin/purchases/{purchaseId}/refunds", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasRole('admin')")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public Mono<RefundResponse> refund(@PathVariable UUID purchaseId, @Valid @RequestBody RefundRequest request,
                                       @RequestHeader(name = "Idempotency-Key", required = false) UUID idempotencyKey,
                                       JwtAuthenticationToken caller) {
        Long cents = request.amount() == null ? null : request.amount().movePointRight(2).longValueExact();
        return refunds.refund(Callers.of(caller), purchaseId, cents, request.reason().name(), request.note(),
                        idempotencyKey == null ? UUID.randomUUID() : idempotencyKey)
                .map(done -> new RefundResponse(done.requestId(), done.purchaseId(), BigDecimal.valueOf(done.amountCents(), 2),
                        done.stripeRefundId()));
    }
}
