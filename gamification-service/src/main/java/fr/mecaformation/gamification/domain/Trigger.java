package fr.mecaformation.gamification.domain;

/**
 * What can earn XP: only facts other services report. No rule is triggered by XP, a level, a badge or a challenge,
 * so rules can't loop (one award never causes another through the rules).
 */
public enum Trigger {
    LESSON_COMPLETED,
    QUIZ_PASSED,
    QUIZ_PERFECT,
    COURSE_COMPLETED,
    CERTIFICATE_ISSUED
}
