package fr.mecaformation.events.catalog;

import java.util.UUID;

/**
 * The course as it stands after the change, so consumers (payment offers, search, analytics) need no call back
 * to the catalog. Prices are euro cents, VAT included: money never travels as a floating-point number.
 */
public record CourseSnapshot(
        UUID courseId,
        String ownerId,
        String title,
        String category,
        String level,
        long priceCents,
        String currency,
        int durationMinutes,
        String status,
        long revision) {
}
