package fr.mecaformation.booking.domain;

import java.time.DayOfWeek;
import java.time.LocalTime;

/** Every such weekday, from start to end in the availability's local time. */
public record WeeklyWindow(DayOfWeek day, LocalTime start, LocalTime end) {
}
