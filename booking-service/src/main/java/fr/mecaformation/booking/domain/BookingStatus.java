package fr.mecaformation.booking.domain;

/** HELD and CONFIRMED hold time in the agendas (the database's exclusion constraints say so too); the others don't. */
public enum BookingStatus {
    HELD, CONFIRMED, CANCELLED, EXPIRED, COMPLETED;

    public boolean active() {
        return this == HELD || this == CONFIRMED;
    }
}
