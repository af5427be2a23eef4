package fr.mecaformation.booking.persistence;

import io.r2dbc.spi.Readable;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Timestamps cross the driver as UTC offsets: instants in, instants out. */
final class Rows {

    private Rows() {
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(Readable row, String column) {
        OffsetDateTime value = row.get(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
