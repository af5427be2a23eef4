package fr.mecaformation.gamification.domain;

import fr.mecaformation.web.problem.DomainException;

import java.util.UUID;

/** Something XP buy: a discount (a coupon at payment-service), partner equipment, a coaching hour or a streak freeze. */
public record Reward(UUID rewardId, String code, String title, Kind kind, int costXp, Integer percentOff,
                     Long amountOffCents, String partner, Integer stock, boolean active) {

    public enum Kind { DISCOUNT, EQUIPMENT, COACHING_HOUR, STREAK_FREEZE }

    public static final class NotFound extends DomainException.NotFound {
        public NotFound(UUID id) {
            super("Aucune récompense " + id + " au catalogue.");
        }
    }

    public static final class InsufficientBalance extends DomainException.Conflict {
        public InsufficientBalance(int cost) {
            super("Solde d'XP insuffisant : cette récompense coûte " + cost + " XP. Rien n'a été débité.");
        }
    }

    public static final class OutOfStock extends DomainException.Conflict {
        public OutOfStock(String title) {
            super("« " + title + " » n'est plus disponible : le stock est épuisé. Rien n'a été débité.");
        }
    }

    public static final class TooManyFreezes extends DomainException.Conflict {
        public TooManyFreezes(int max) {
            super("Vous avez déjà " + max + " gels de série en réserve, le maximum. Rien n'a été débité.");
        }
    }
}
