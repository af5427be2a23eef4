package fr.mecaformation.events.gamification;

import fr.mecaformation.events.DomainEvent;
import fr.mecaformation.events.EventContract;

import java.time.Instant;
import java.util.UUID;

/**
 * One row of a learner's XP ledger: {@code rule} earned {@code xp} for {@code sourceEvent} (the natural key of what
 * caused it, e.g. {@code lesson-completed:<lessonId>}); at most one per learner, source and rule. {@code totalXp} is
 * the learner's total after it. A capped award (the rule's daily cap reached) is not announced.
 */
@EventContract(type = "fr.mecaformation.gamification.xp.awarded.v1", topic = XpEvents.TOPIC,
        schema = "schemas/gamification/xp-awarded.v1.json")
public record XpAwarded(UUID awardId, UUID learnerId, String rule, int ruleVersion, String sourceEvent, int xp,
                        long totalXp, int level, Instant awardedAt) implements DomainEvent {

    @Override
    public String subject() {
        return learnerId.toString();
    }
}
