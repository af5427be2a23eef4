package fr.mecaformation.events.booking;

import fr.mecaformation.events.DomainEvent;
import fr.mecaformation.events.EventContract;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A partner company published an internship offer. {@code partnerId} is the Keycloak subject of the partner's
 * service account (its client-credentials token's {@code sub}); {@code trade} one of the profile's specialities
 * (FREINAGE, ENTRETIEN…); {@code qualification} the diploma it suits (CAP_MV…), null for any; {@code departement}
 * the official code (69, 2A, 974…); {@code requiredSkills} names of the catalog's skill list. Dates are local dates.
 */
@EventContract(type = "fr.mecaformation.booking.internship.published.v1", topic = InternshipEvents.TOPIC,
        schema = "schemas/booking/internship-published.v1.json")
public record InternshipPublished(UUID offerId, UUID partnerId, String title, String trade, String qualification,
                                  String departement, LocalDate startsOn, LocalDate endsOn, List<String> requiredSkills,
                                  int places, Instant publishedAt) implements DomainEvent {

    public InternshipPublished {
        requiredSkills = List.copyOf(requiredSkills);
    }

    @Override
    public String subject() {
        return offerId.toString();
    }
}
