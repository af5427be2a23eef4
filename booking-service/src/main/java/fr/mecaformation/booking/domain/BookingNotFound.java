package fr.mecaformation.booking.domain;

import fr.mecaformation.web.problem.DomainException;

import java.util.UUID;

public class BookingNotFound extends DomainException.NotFound {

    public BookingNotFound(UUID id) {
        super("Aucune réservation " + id + ".");
    }
}
