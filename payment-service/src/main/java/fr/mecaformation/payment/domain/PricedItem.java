package fr.mecaformation.payment.domain;

import java.util.UUID;

/**
 * Something we sell as Stripe sees it: a product named {@code name} at {@code amountCents} euro cents, VAT
 * included, paid once or, for a plan, every month or year ({@code recurring}). {@code key} names it at Stripe
 * (product id, price lookup key) and in our mirror of Stripe's prices.
 */
public record PricedItem(String key, String name, long amountCents, Plan recurring) {

    public PricedItem {
        if (amountCents <= 0) {
            throw new IllegalArgumentException("a priced item costs something: " + key);
        }
    }

    public static PricedItem course(Offer offer) {
        return new PricedItem("course:" + offer.courseId(), offer.title(), offer.priceCents(), null);
    }

    public static PricedItem plan(Plan plan, long amountCents) {
        return new PricedItem("plan:" + plan.name(), plan == Plan.YEARLY ? "Abonnement MécaFormation annuel"
                : "Abonnement MécaFormation mensuel", amountCents, plan);
    }

    public static PricedItem bundle(UUID bundleId, String title, long amountCents) {
        return new PricedItem("bundle:" + bundleId, title, amountCents, null);
    }

    public static PricedItem coachingHour(long amountCents) {
        return new PricedItem("coaching", "Heure de coaching avec un formateur MécaFormation", amountCents, null);
    }

    /** Stripe's product id: ours, so a product is never made twice even after Stripe forgot an idempotency key. */
    public String productId() {
        return "meca_" + key.replace(':', '_');
    }
}
