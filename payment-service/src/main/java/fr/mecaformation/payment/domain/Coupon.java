package fr.mecaformation.payment.domain;

import fr.mecaformation.web.problem.DomainException;
import fr.mecaformation.web.problem.FieldError;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A discount code an admin made: a percentage or an amount off (euro cents), for one payment, a number of months of
 * a subscription, or for good; optionally until {@code expiresAt} and for at most {@code maxRedemptions} uses.
 */
public record Coupon(UUID id, String code, String name, Integer percentOff, Long amountOffCents, Duration duration,
                     Integer durationMonths, Instant expiresAt, Integer maxRedemptions, boolean active,
                     String stripeCouponId, String stripePromotionCodeId, Instant createdAt) {

    public enum Duration { ONCE, REPEATING, FOREVER }

    /** The rules that span fields; each broken one is named, in French, for the admin's form. */
    public static void validate(Integer percentOff, Long amountOffCents, Duration duration, Integer durationMonths,
                                Instant expiresAt, Instant now) {
        List<FieldError> errors = new ArrayList<>();
        if ((percentOff == null) == (amountOffCents == null)) {
            errors.add(new FieldError("percentOff", "indiquez soit un pourcentage, soit un montant de réduction"));
        }
        if (duration == Duration.REPEATING && durationMonths == null) {
            errors.add(new FieldError("durationMonths", "est obligatoire pour une réduction sur plusieurs mois"));
        }
        if (duration != Duration.REPEATING && durationMonths != null) {
            errors.add(new FieldError("durationMonths", "ne s'applique qu'à une réduction sur plusieurs mois"));
        }
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            errors.add(new FieldError("expiresAt", "doit être dans le futur"));
        }
        if (!errors.isEmpty()) {
            throw new DomainException.Invalid("Code de réduction invalide : " + errors.get(0).message() + ".", errors);
        }
    }
}
