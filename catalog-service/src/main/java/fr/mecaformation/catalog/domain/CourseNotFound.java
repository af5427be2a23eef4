package fr.mecaformation.catalog.domain;

import fr.mecaformation.web.problem.DomainException;

import java.util.UUID;

public class CourseNotFound extends DomainException.NotFound {

    public CourseNotFound(UUID id) {
        super("Aucune formation " + id + ".");
    }
}
