package fr.mecaformation.events.gamification;

import fr.mecaformation.events.DomainEvent;
import fr.mecaformation.events.EventContract;

import java.time.Instant;
import java.util.UUID;

/**
 * A learner completed a challenge for one period ({@code period}: {@code 2026-11-26}, {@code 2026-W48} or
 * {@code 2026-11}, in the learner's zone), once per learner, challenge and period.
 */
@EventContract(type = "fr.mecaformation.gamification.xp.challenge-completed.v1", topic = XpEvents.TOPIC,
        schema = "schemas/gamification/challenge-completed.v1.json")
public record ChallengeCompleted(UUID learnerId, String challenge, String period, int xp, Instant completedAt)
        implements DomainEvent {

    @Override
    public String subject() {
        return learnerId.toString();
    }
}
