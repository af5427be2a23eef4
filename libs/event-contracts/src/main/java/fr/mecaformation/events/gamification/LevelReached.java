package fr.mecaformation.events.gamification;

import fr.mecaformation.events.DomainEvent;
import fr.mecaformation.events.EventContract;

import java.time.Instant;
import java.util.UUID;

/** A learner's total XP crossed a level of the published curve, once per learner and level. */
@EventContract(type = "fr.mecaformation.gamification.xp.level-reached.v1", topic = XpEvents.TOPIC,
        schema = "schemas/gamification/level-reached.v1.json")
public record LevelReached(UUID learnerId, int level, long totalXp, Instant reachedAt) implements DomainEvent {

    @Override
    public String subject() {
        return learnerId.toString();
    }
}
