package fr.mecaformation.booking.domain;

import fr.mecaformation.web.problem.DomainException;

import java.util.UUID;

public class SessionNotFound extends DomainException.NotFound {

    public SessionNotFound(UUID id) {
        super("Aucune session " + id + ".");
    }
}
