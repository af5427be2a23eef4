package fr.mecaformation.gamification.domain;

/** A recurring challenge: {@code target} lessons or courses within one day, ISO week or month of the learner. */
public record Challenge(String code, String title, Calendar.Period period, Metric metric, int target, int xp) {

    public enum Metric { LESSONS, COURSES }
}
