package fr.mecaformation.booking.persistence;

import fr.mecaformation.booking.domain.Availability;
import fr.mecaformation.booking.domain.BookingKind;
import fr.mecaformation.booking.domain.DateException;
import fr.mecaformation.booking.domain.WeeklyWindow;
import fr.mecaformation.events.EventJson;
import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Availabilities, one per trainer and kind; their windows as JSON (read and written whole, never queried inside). */
@Repository
public class AvailabilityRepository {

    private final DatabaseClient db;

    public AvailabilityRepository(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Availability> save(Availability availability, Instant now) {
        DatabaseClient.GenericExecuteSpec spec = db.sql("""
                        INSERT INTO availability (trainer_id, kind, zone, buffer_before_minutes, buffer_after_minutes,
                                                  minimum_notice_minutes, maximum_advance_days, daily_cap, weekly_cap, weekly,
                                                  exceptions, updated_at)
                        VALUES (:trainer, :kind, :zone, :before, :after, :notice, :advance, :cap, :weeklyCap, :weekly, :exceptions, :now)
                        ON CONFLICT (trainer_id, kind) DO UPDATE SET zone = EXCLUDED.zone,
                            buffer_before_minutes = EXCLUDED.buffer_before_minutes,
                            buffer_after_minutes = EXCLUDED.buffer_after_minutes,
                            minimum_notice_minutes = EXCLUDED.minimum_notice_minutes,
                            maximum_advance_days = EXCLUDED.maximum_advance_days, daily_cap = EXCLUDED.daily_cap,
                            weekly_cap = EXCLUDED.weekly_cap,
                            weekly = EXCLUDED.weekly, exceptions = EXCLUDED.exceptions, updated_at = EXCLUDED.updated_at""")
                .bind("trainer", availability.trainerId()).bind("kind", availability.kind().name())
                .bind("zone", availability.zone().getId()).bind("before", availability.bufferBeforeMinutes())
                .bind("after", availability.bufferAfterMinutes()).bind("notice", availability.minimumNoticeMinutes())
                .bind("advance", availability.maximumAdvanceDays())
                .bind("weekly", Json.of(weeklyJson(availability.weekly())))
                .bind("exceptions", Json.of(exceptionsJson(availability.exceptions())))
                .bind("now", Rows.utc(now));
        spec = availability.dailyCap() == null ? spec.bindNull("cap", Integer.class) : spec.bind("cap", availability.dailyCap());
        spec = availability.weeklyCap() == null ? spec.bindNull("weeklyCap", Integer.class)
                : spec.bind("weeklyCap", availability.weeklyCap());
        return spec.then().thenReturn(availability);
    }

    public Mono<Availability> find(UUID trainerId, BookingKind kind) {
        return db.sql("SELECT * FROM availability WHERE trainer_id = :trainer AND kind = :kind")
                .bind("trainer", trainerId).bind("kind", kind.name())
                .map(AvailabilityRepository::availability).one();
    }

    /** Serialises the bookings of one trainer and kind (daily caps are counted under it). */
    public Mono<Void> lock(UUID trainerId, BookingKind kind) {
        return db.sql("SELECT 1 FROM availability WHERE trainer_id = :trainer AND kind = :kind FOR UPDATE")
                .bind("trainer", trainerId).bind("kind", kind.name()).fetch().rowsUpdated().then();
    }

    static List<WeeklyWindow> weekly(Readable row) {
        List<WeeklyWindow> weekly = new ArrayList<>();
        for (JsonNode node : EventJson.mapper().readTree(row.get("weekly", Json.class).asString())) {
            weekly.add(new WeeklyWindow(DayOfWeek.valueOf(node.get("day").asString()),
                    LocalTime.parse(node.get("start").asString()), LocalTime.parse(node.get("end").asString())));
        }
        return weekly;
    }

    static List<DateException> exceptions(Readable row) {
        List<DateException> exceptions = new ArrayList<>();
        for (JsonNode node : EventJson.mapper().readTree(row.get("exceptions", Json.class).asString())) {
            exceptions.add(new DateException(LocalDate.parse(node.get("date").asString()),
                    node.hasNonNull("start") ? LocalTime.parse(node.get("start").asString()) : null,
                    node.hasNonNull("end") ? LocalTime.parse(node.get("end").asString()) : null));
        }
        return exceptions;
    }

    private static Availability availability(Readable row) {
        List<WeeklyWindow> weekly = weekly(row);
        List<DateException> exceptions = exceptions(row);
        return new Availability(row.get("trainer_id", UUID.class), BookingKind.valueOf(row.get("kind", String.class)),
                ZoneId.of(row.get("zone", String.class)), row.get("buffer_before_minutes", Integer.class),
                row.get("buffer_after_minutes", Integer.class), row.get("minimum_notice_minutes", Integer.class),
                row.get("maximum_advance_days", Integer.class), row.get("daily_cap", Integer.class),
                row.get("weekly_cap", Integer.class), weekly, exceptions);
    }

    static String weeklyJson(List<WeeklyWindow> weekly) {
        ArrayNode array = EventJson.mapper().createArrayNode();
        for (WeeklyWindow window : weekly) {
            array.addObject().put("day", window.day().name()).put("start", window.start().toString())
                    .put("end", window.end().toString());
        }
        return array.toString();
    }

    static String exceptionsJson(List<DateException> exceptions) {
        ArrayNode array = EventJson.mapper().createArrayNode();
        for (DateException exception : exceptions) {
            ObjectNode node = array.addObject().put("date", exception.date().toString());
            if (!exception.closesTheDay()) {
                node.put("start", exception.start().toString()).put("end", exception.end().toString());
            }
        }
        return array.toString();
    }
}
