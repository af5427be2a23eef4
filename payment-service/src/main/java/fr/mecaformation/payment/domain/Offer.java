package fr.mecaformation.payment.domain;

import fr.mecaformation.web.problem.DomainException;

import java.util.UUID;

/** A course as payment-service knows it from the catalog's events: what it costs, whether it can be bought. */
public record Offer(UUID courseId, String title, long priceCents, String currency, boolean published, long revision) {

    public void ensurePurchasable() {
        if (!published) {
            throw new DomainException.NotFound("Aucune formation " + courseId + " en vente.");
        }
        if (priceCents == 0) {
            throw new DomainException.Conflict("La formation « " + title + " » est gratuite : inscrivez-vous directement.");
        }
    }
}
