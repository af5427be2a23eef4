package fr.mecaformation.booking.domain;

/** Who ends or moves a booking: policies differ for the learner, the trainer, an admin and the system. */
public enum Actor {
    LEARNER, TRAINER, ADMIN, SYSTEM
}
