package fr.mecaformation.gamification.domain;

/**
 * One rule of a version: {@code trigger} earns {@code xp}, first time only per object (lesson, quiz, course), at most
 * {@code dailyCap} awards per local day when set, and for video lessons only with at least
 * {@code minWatchedSeconds} distinct seconds really watched (progress-service's {@code watchedSeconds}).
 */
public record XpRule(String code, Trigger trigger, int xp, Integer dailyCap, Double minWatchedSeconds) {

    /** A lesson completion progress-service judged unwatched (a video without watched seconds) earns nothing. */
    public boolean watchedEnough(String kind, Double watchedSeconds) {
        if (!"VIDEO".equals(kind)) {
            return true;
        }
        double minimum = minWatchedSeconds == null ? Double.MIN_VALUE : minWatchedSeconds;
        return watchedSeconds != null && watchedSeconds > 0 && watchedSeconds >= minimum;
    }
}
