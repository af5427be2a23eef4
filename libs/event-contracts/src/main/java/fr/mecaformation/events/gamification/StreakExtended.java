package fr.mecaformation.events.gamification;

import fr.mecaformation.events.DomainEvent;
import fr.mecaformation.events.EventContract;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A learner's streak of active days grew to {@code days}, {@code day} being its last calendar day in {@code zone}
 * (the learner's time zone at the activity's time). Once per learner and day.
 */
@EventContract(type = "fr.mecaformation.gamification.xp.streak-extended.v1", topic = XpEvents.TOPIC,
        schema = "schemas/gamification/streak-extended.v1.json")
public record StreakExtended(UUID learnerId, int days, LocalDate day, String zone, Instant extendedAt)
        implements DomainEvent {

    @Override
    public String subject() {
        return learnerId.toString();
    }
}
