package fr.mecaformation.gamification.domain;

/** A badge and what earns it; {@code category} only for {@code ALL_COURSES_OF_CATEGORY}. */
public record Badge(String code, String title, String description, int xp, Criterion criterion, int threshold,
                    String category) {

    public enum Criterion { COURSES_COMPLETED, LESSONS_COMPLETED, STREAK_DAYS, PERFECT_QUIZ, ALL_COURSES_OF_CATEGORY }
}
