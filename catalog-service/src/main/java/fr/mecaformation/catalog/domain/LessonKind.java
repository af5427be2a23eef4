package fr.mecaformation.catalog.domain;

public enum LessonKind {
    VIDEO, READING, QUIZ, PRACTICE
}
