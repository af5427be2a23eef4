package fr.mecaformation.booking.domain;

import java.time.Duration;

/** What is booked. Advice and coaching are one-to-one with a trainer; webinars and mock exams are seats of a session. */
public enum BookingKind {
    /** conseil pédagogique: 30 minutes, free */
    ADVICE(Duration.ofMinutes(30), true),
    /** coaching individuel: one hour, paid through payment-service (held while the learner pays) */
    COACHING(Duration.ofHours(1), true),
    /** session de groupe */
    WEBINAR(null, false),
    /** examen blanc */
    MOCK_EXAM(null, false);

    private final Duration length;
    private final boolean oneToOne;

    BookingKind(Duration length, boolean oneToOne) {
        this.length = length;
        this.oneToOne = oneToOne;
    }

    /** The fixed length of a one-to-one booking; sessions have their own. */
    public Duration length() {
        return length;
    }

    public boolean oneToOne() {
        return oneToOne;
    }

    public String label() {
        return switch (this) {
            case ADVICE -> "conseil pédagogique";
            case COACHING -> "coaching individuel";
            case WEBINAR -> "session de groupe";
            case MOCK_EXAM -> "examen blanc";
        };
    }
}
