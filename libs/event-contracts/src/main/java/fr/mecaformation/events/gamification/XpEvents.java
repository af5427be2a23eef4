package fr.mecaformation.events.gamification;

/**
 * Wire constants of a learner's experience: XP awards, levels, badges, streaks and challenges. Published by
 * gamification-service, keyed by learner so one learner's events stay in order.
 */
public final class XpEvents {

    public static final String TOPIC = "gamification.xp.v1";

    private XpEvents() {
    }
}
