package fr.mecaformation.booking.domain;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A bookable time: the meeting [start, end) and what it blocks in the trainer's agenda with the buffers,
 * [blockedFrom, blockedUntil). {@code localDate} is the day it belongs to in the trainer's zone (daily caps).
 */
public record Slot(Instant start, Instant end, Instant blockedFrom, Instant blockedUntil, LocalDate localDate) {

    public boolean blocks(Instant from, Instant until) {
        return blockedFrom.isBefore(until) && from.isBefore(blockedUntil);
    }
}
