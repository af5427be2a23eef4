package fr.mecaformation.booking.api;

import fr.mecaformation.booking.domain.Booking;
import fr.mecaformation.booking.domain.BookingStatus;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.DtStamp;
import net.fortuna.ical4j.model.property.Method;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.Sequence;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.immutable.ImmutableCalScale;
import net.fortuna.ical4j.model.property.immutable.ImmutableMethod;
import net.fortuna.ical4j.model.property.immutable.ImmutableStatus;
import net.fortuna.ical4j.model.property.immutable.ImmutableVersion;

import java.time.Instant;
import java.util.List;

/**
 * One booking as an iCalendar object (RFC 5545). The UID is the booking's, so a calendar that imported it updates
 * the same event: SEQUENCE is the booking's (+1 per reschedule), a cancelled booking is METHOD:CANCEL with
 * STATUS:CANCELLED and a SEQUENCE above the last one sent. Times are UTC (no VTIMEZONE to get wrong).
 */
final class BookingCalendar {

    static final String MEDIA_TYPE = "text/calendar;charset=UTF-8";

    private BookingCalendar() {
    }

    static String of(Booking booking, Instant now) {
        return calendar(List.of(event(booking, now)), cancelled(booking) ? ImmutableMethod.CANCEL : ImmutableMethod.PUBLISH);
    }

    /**
     * A person's feed: every booking as the same VEVENT the single-booking calendar sends (same UID, SEQUENCE and
     * STATUS), so a calendar that imported one updates it from the other. One calendar has one METHOD: a feed is
     * PUBLISH, a cancelled booking says STATUS:CANCELLED (with the SEQUENCE above the last one sent).
     */
    static String feed(List<Booking> bookings, Instant now) {
        return calendar(bookings.stream().map(booking -> event(booking, now)).toList(), ImmutableMethod.PUBLISH);
    }

    private static boolean cancelled(Booking booking) {
        return booking.status() == BookingStatus.CANCELLED || booking.status() == BookingStatus.EXPIRED;
    }

    private static VEvent event(Booking booking, Instant now) {
        boolean cancelled = cancelled(booking);
        VEvent event = new VEvent(booking.startsAt(), booking.endsAt(), "MécaFormation : " + booking.kind().label());
        event.replace(new DtStamp(now));
        event.add(new Uid(booking.id() + "@mecaformation.fr"));
        event.add(new Sequence(Integer.toString(booking.sequence() + (cancelled ? 1 : 0))));
        event.add(cancelled ? ImmutableStatus.VEVENT_CANCELLED : ImmutableStatus.VEVENT_CONFIRMED);
        return event;
    }

    private static String calendar(List<VEvent> events, Method method) {
        Calendar calendar = new Calendar();
        calendar.add(new ProdId("-//MécaFormation//Réservations//FR"));
        calendar.add(ImmutableVersion.VERSION_2_0);
        calendar.add(ImmutableCalScale.GREGORIAN);
        calendar.add(method);
        events.forEach(calendar::add);
        return calendar.toString();
    }
}
