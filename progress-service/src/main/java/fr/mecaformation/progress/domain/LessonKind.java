package fr.mecaformation.progress.domain;

/** The catalog's lesson kinds; each completes its own way. */
public enum LessonKind {
    /** watched to the completion ratio */
    VIDEO,
    /** marked as read */
    READING,
    /** passed */
    QUIZ,
    /** marked as done */
    PRACTICE
}
