package fr.mecaformation.catalog.domain;

public enum Level {
    DEBUTANT,
    INTERMEDIAIRE,
    AVANCE
}
