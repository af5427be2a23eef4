package fr.mecaformation.booking.domain;

import fr.mecaformation.web.problem.DomainException;

import java.util.UUID;

public class SharedResourceNotFound extends DomainException.NotFound {

    public SharedResourceNotFound(UUID id) {
        super("Aucune salle ou ressource partagée " + id + ".");
    }
}
