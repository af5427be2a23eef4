package fr.mecaformation.events.booking;

import fr.mecaformation.events.DomainEvent;
import fr.mecaformation.events.EventContract;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** The partner accepted an application: the learner holds one of the offer's places ({@code placesLeft} after it). */
@EventContract(type = "fr.mecaformation.booking.internship.application-accepted.v1", topic = InternshipEvents.TOPIC,
        schema = "schemas/booking/internship-application-accepted.v1.json")
public record InternshipApplicationAccepted(UUID applicationId, UUID offerId, UUID partnerId, UUID learnerId,
                                            LocalDate startsOn, LocalDate endsOn, int placesLeft, Instant acceptedAt)
        implements DomainEvent {

    @Override
    public String subject() {
        return offerId.toString();
    }
}
