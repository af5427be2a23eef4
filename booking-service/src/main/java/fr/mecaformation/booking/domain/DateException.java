package fr.mecaformation.booking.domain;

import java.time.LocalDate;
import java.time.LocalTime;

/**
 * A dated change to the weekly rules: without times the day is closed; with times, the day's windows are the
 * exceptions' windows of that date instead of the weekly ones.
 */
public record DateException(LocalDate date, LocalTime start, LocalTime end) {

    public boolean closesTheDay() {
        return start == null && end == null;
    }
}
