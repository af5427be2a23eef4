package fr.mecaformation.catalog.domain;

import fr.mecaformation.web.problem.DomainException;

import java.util.UUID;

public class LessonNotFound extends DomainException.NotFound {

    public LessonNotFound(UUID id) {
        super("Aucune leçon " + id + ".");
    }
}
