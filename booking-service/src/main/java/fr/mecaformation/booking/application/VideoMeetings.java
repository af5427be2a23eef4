package fr.mecaformation.booking.application;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import fr.mecaformation.booking.config.VideoProperties;
import fr.mecaformation.booking.domain.Booking;
import fr.mecaformation.booking.domain.BookingNotFound;
import fr.mecaformation.booking.domain.BookingStatus;
import fr.mecaformation.booking.domain.Session;
import fr.mecaformation.booking.domain.SessionNotFound;
import fr.mecaformation.booking.persistence.BookingRepository;
import fr.mecaformation.booking.persistence.SessionRepository;
import fr.mecaformation.booking.persistence.VideoRoomRepository;
import fr.mecaformation.web.problem.DomainException;
import fr.mecaformation.web.security.Caller;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The Jitsi room of a remote booking or session. The room name is random (244 bits), so the URL is given to the
 * participants only: the learner and the trainer of a one-to-one booking, the trainer and the learners holding a seat
 * of a session (anyone else, admins included, is told it does not exist). The trainer is the moderator: they also get
 * a JWT in Jitsi's format (iss, aud, sub, room, context.user with moderator true), signed HS256 with the deployment's
 * secret; attendees get the URL alone.
 */
@Service
public class VideoMeetings {

    public record VideoLink(String room, String url, boolean moderator, String jwt, Instant tokenExpiresAt) {
    }

    private final BookingRepository bookings;
    private final SessionRepository sessions;
    private final VideoRoomRepository rooms;
    private final VideoProperties properties;
    private final Clock clock;

    public VideoMeetings(BookingRepository bookings, SessionRepository sessions, VideoRoomRepository rooms,
                         VideoProperties properties, Clock clock) {
        this.bookings = bookings;
        this.sessions = sessions;
        this.rooms = rooms;
        this.properties = properties;
        this.clock = clock;
    }

    /** A booking's link: a one-to-one booking's own room, a seat's session room. */
    public Mono<VideoLink> ofBooking(Caller caller, UUID id) {
        return bookings.findById(id)
                .filter(booking -> caller.id().equals(booking.learnerId()) || caller.id().equals(booking.trainerId()))
                .switchIfEmpty(Mono.error(() -> new BookingNotFound(id)))
                .flatMap(booking -> {
                    if (booking.status() != BookingStatus.CONFIRMED && booking.status() != BookingStatus.COMPLETED) {
                        return Mono.error(new DomainException.Conflict("Cette réservation n'est pas confirmée ("
                                + booking.status() + ") : pas de visioconférence."));
                    }
                    if (booking.sessionId() != null) {
                        return sessions.findById(booking.sessionId()).flatMap(session -> sessionLink(caller, session));
                    }
                    return link(caller, booking.id(), caller.id().equals(booking.trainerId()), booking.startsAt(),
                            booking.endsAt());
                });
    }

    /** A session's link, for its trainer and the learners holding a seat. */
    public Mono<VideoLink> ofSession(Caller caller, UUID id) {
        return sessions.findById(id)
                .filterWhen(session -> caller.id().equals(session.trainerId()) ? Mono.just(true)
                        : bookings.activeOfSession(id).any(seat -> caller.id().equals(seat.learnerId())))
                .switchIfEmpty(Mono.error(() -> new SessionNotFound(id)))
                .flatMap(session -> sessionLink(caller, session));
    }

    private Mono<VideoLink> sessionLink(Caller caller, Session session) {
        if (!"SCHEDULED".equals(session.status())) {
            return Mono.error(new DomainException.Conflict("Cette session a été annulée : pas de visioconférence."));
        }
        if (!session.remote()) {
            return Mono.error(new DomainException.Conflict("Cette session a lieu en salle, sur place : pas de visioconférence."));
        }
        return link(caller, session.id(), caller.id().equals(session.trainerId()), session.startsAt(), session.endsAt());
    }

    private Mono<VideoLink> link(Caller caller, UUID owner, boolean moderator, Instant startsAt, Instant endsAt) {
        if (moderator && !properties.signs()) {
            return Mono.error(new DomainException.Unavailable("visioconférence (secret JWT de Jitsi non configuré)", null));
        }
        String candidate = "mecaformation-" + randomHex();
        return rooms.roomOf(owner, candidate, clock.instant()).map(room -> {
            String url = properties.baseUrl() + "/" + room;
            if (!moderator) {
                return new VideoLink(room, url, false, null, null);
            }
            Instant expires = endsAt.plus(properties.grace());
            return new VideoLink(room, url, true, moderatorToken(caller, room, startsAt.minus(properties.early()), expires),
                    expires);
        });
    }

    /**
     * 244 random bits (two random UUIDs, drawn from the JDK's SecureRandom): UUID.randomUUID is the one way the
     * platform draws randomness on event-loop threads (its first seeding is allowed once, see PlatformBlockHoundIntegration).
     */
    private static String randomHex() {
        return (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
    }

    /** Jitsi's token: valid on this room only, from a little before the start to a little after the end. */
    String moderatorToken(Caller caller, String room, Instant notBefore, Instant expires) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("id", caller.id().toString());
        if (caller.name() != null && !caller.name().isBlank()) {
            user.put("name", caller.name().strip());
        }
        user.put("moderator", true);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(properties.appId())
                .audience(properties.audience())
                .subject(properties.subject())
                .claim("room", room)
                .claim("context", Map.of("user", user))
                .issueTime(Date.from(clock.instant()))
                .notBeforeTime(Date.from(notBefore))
                .expirationTime(Date.from(expires))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(new MACSigner(properties.secret().getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new IllegalStateException("the Jitsi JWT could not be signed", e);
        }
        return jwt.serialize();
    }
}
