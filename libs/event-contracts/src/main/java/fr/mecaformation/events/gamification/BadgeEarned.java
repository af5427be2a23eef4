package fr.mecaformation.events.gamification;

import fr.mecaformation.events.DomainEvent;
import fr.mecaformation.events.EventContract;

import java.time.Instant;
import java.util.UUID;

/** A learner earned a badge (e.g. {@code first_course} « Premier Cours »), once per learner and badge. */
@EventContract(type = "fr.mecaformation.gamification.xp.badge-earned.v1", topic = XpEvents.TOPIC,
        schema = "schemas/gamification/badge-earned.v1.json")
public record BadgeEarned(UUID learnerId, String badge, String title, int xp, Instant earnedAt) implements DomainEvent {

    @Override
    public String subject() {
        return learnerId.toString();
    }
}
