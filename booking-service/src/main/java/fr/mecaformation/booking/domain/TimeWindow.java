package fr.mecaformation.booking.domain;

import java.time.LocalTime;

/** A span of local time within one day, start included, end excluded. */
public record TimeWindow(LocalTime start, LocalTime end) {
}
