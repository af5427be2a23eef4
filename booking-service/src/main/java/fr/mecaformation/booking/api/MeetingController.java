package fr.mecaformation.booking.api;

import fr.mecaformation.booking.application.SelfSignIns;
import fr.mecaformation.booking.application.VideoMeetings;
import fr.mecaformation.web.security.Callers;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.UUID;

/** Joining a meeting: its video link, and the learner's own sign-in (émargement) during the session window. */
@RestController
@RequestMapping(path = "/api/booking", produces = MediaType.APPLICATION_JSON_VALUE)
public class MeetingController {

    private final VideoMeetings video;
    private final SelfSignIns signIns;

    public MeetingController(VideoMeetings video, SelfSignIns signIns) {
        this.video = video;
        this.signIns = signIns;
    }

    /**
     * @param url          the Jitsi room, for everyone
     * @param moderatorUrl the room with the moderator's token (the trainer only), null for attendees
     * @param jwt          that token alone, null for attendees
     */
    public record VideoLinkResponse(String room, String url, String role, String moderatorUrl, String jwt,
                                    Instant tokenExpiresAt) {
        static VideoLinkResponse of(VideoMeetings.VideoLink link) {
            return new VideoLinkResponse(link.room(), link.url(), link.moderator() ? "MODERATOR" : "ATTENDEE",
                    link.jwt() == null ? null : link.url() + "?jwt=" + link.jwt(), link.jwt(), link.tokenExpiresAt());
        }
    }

    public record SignInResponse(UUID bookingId, boolean attended, Instant recordedAt, String method) {
    }

    /** The video link of a booking, for its learner and its trainer (anyone else 404). */
    @GetMapping("/bookings/{id}/video")
    @PreAuthorize(Callers.PERSON)
    public Mono<ResponseEntity<VideoLinkResponse>> bookingVideo(@PathVariable UUID id, JwtAuthenticationToken caller) {
        return video.ofBooking(Callers.of(caller), id).map(MeetingController::secret);
    }

    /** The video link of a session, for its trainer and the learners holding a seat (anyone else 404). */
    @GetMapping("/sessions/{id}/video")
    @PreAuthorize(Callers.PERSON)
    public Mono<ResponseEntity<VideoLinkResponse>> sessionVideo(@PathVariable UUID id, JwtAuthenticationToken caller) {
        return video.ofSession(Callers.of(caller), id).map(MeetingController::secret);
    }

    /** The learner signs their own presence, from 10 minutes before the start to the end, once. */
    @PostMapping("/bookings/{id}/sign-in")
    @PreAuthorize(Callers.PERSON)
    public Mono<SignInResponse> signIn(@PathVariable UUID id, JwtAuthenticationToken caller) {
        return signIns.signIn(Callers.of(caller), id)
                .map(MeetingController::signed);
    }

    private static SignInResponse signed(SelfSignIns.SignedIn signed) {
        return new SignInResponse(signed.booking().id(), Boolean.TRUE.equals(signed.booking().attended()), signed.at(),
                "LEARNER");
    }

    /** The room name is the key to the room: never cached. */
    private static ResponseEntity<VideoLinkResponse> secret(VideoMeetings.VideoLink link) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(VideoLinkResponse.of(link));
    }
}
