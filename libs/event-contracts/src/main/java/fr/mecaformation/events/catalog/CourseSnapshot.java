package fr.mecaformation.events.catalog;

import java.util.List;
import java.util.UUID;

/**
 * The course as it stands after the change, so consumers (payment offers, search, analytics) need no call back
 * to the catalog. Prices are euro cents, VAT included: money never travels as a floating-point number. {@code skills}
 * (names from the catalog's reference list) came in revision 1.1 of the contract: absent in older events.
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
        long revision,
        List<String> skills) {

    public CourseSnapshot {
        skills = skills == null ? List.of() : List.copyOf(skills);
    }
}
