package fr.mecaformation.catalog.api;

import fr.mecaformation.catalog.application.Playlists;
import jakarta.validation.constraints.Size;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** A shared playlist, read-only and public: whoever has the link reads the titles (playing still needs enrolment). */
@RestController
public class SharedPlaylistController {

    private final Playlists playlists;

    public SharedPlaylistController(Playlists playlists) {
        this.playlists = playlists;
    }

    @GetMapping(path = "/api/catalog/shared-playlists/{token}", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<PlaylistController.PlaylistResponse> shared(@PathVariable @Size(max = 64) String token) {
        return playlists.shared(token).map(PlaylistController.PlaylistResponse::of);
    }
}
