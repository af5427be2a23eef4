package fr.mecaformation.catalog.api;

import fr.mecaformation.catalog.application.VideoLibrary;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Duration;

/**
 * Video files behind signed links. No bearer token here: players fetch playlists and segments themselves, so the
 * link is the authorisation, checked on every file. Range requests are honoured (progressive MP4, seeking).
 */
@RestController
public class MediaController {

    private final VideoLibrary library;
    private final Clock clock;

    public MediaController(VideoLibrary library, Clock clock) {
        this.library = library;
        this.clock = clock;
    }

    @GetMapping("/api/catalog/media/{token}/{*file}")
    public ResponseEntity<Resource> file(@PathVariable String token, @PathVariable String file) {
        String name = file.startsWith("/") ? file.substring(1) : file;
        VideoLibrary.MediaFile media = library.mediaFile(token, name);
        long secondsLeft = Math.max(0, Duration.between(clock.instant(), media.expiresAt()).toSeconds());
        // cacheable by the viewer's own browser only, and never beyond the link's life
        return ResponseEntity.ok()
                .cacheControl(CacheControl.maxAge(Duration.ofSeconds(Math.min(secondsLeft, 3600))).cachePrivate())
                .contentType(typeOf(name))
                .body(media.resource());
    }

    private static MediaType typeOf(String name) {
        if (name.endsWith(".m3u8")) {
            return MediaType.parseMediaType("application/vnd.apple.mpegurl");
        }
        if (name.endsWith(".ts")) {
            return MediaType.parseMediaType("video/mp2t");
        }
        if (name.endsWith(".vtt")) {
            return MediaType.parseMediaType("text/vtt;charset=UTF-8");
        }
        if (name.endsWith(".jpg")) {
            return MediaType.IMAGE_JPEG;
        }
        return MediaType.parseMediaType("video/mp4");
    }
}
