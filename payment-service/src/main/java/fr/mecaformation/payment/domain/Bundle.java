package fr.mecaformation.payment.domain;

import fr.mecaformation.web.problem.DomainException;

import java.util.List;
import java.util.UUID;

/** Several published courses sold together for one price (euro cents, VAT included), defined by an admin. */
public record Bundle(UUID id, String title, long priceCents, boolean active, List<UUID> courseIds) {

    public Bundle {
        courseIds = List.copyOf(courseIds);
    }

    public PricedItem pricedItem() {
        return PricedItem.bundle(id, title, priceCents);
    }

    /** A bundle is bought whole: every course in it must still be on sale. */
    public void ensurePurchasable(List<Offer> offers) {
        if (!active) {
            throw new DomainException.NotFound("Aucun pack " + id + " en vente.");
        }
        List<String> gone = courseIds.stream()
                .filter(course -> offers.stream().noneMatch(offer -> offer.courseId().equals(course) && offer.published()))
                .map(UUID::toString).toList();
        if (!gone.isEmpty()) {
            throw new DomainException.Conflict("Le pack « " + title + " » n'est plus en vente : une de ses formations a été retirée.");
        }
    }
}
