package fr.mecaformation.catalog.application;

import fr.mecaformation.catalog.domain.Lesson;
import fr.mecaformation.catalog.domain.Playlist;
import fr.mecaformation.catalog.persistence.LessonRepository;
import fr.mecaformation.catalog.persistence.PlaylistRepository;
import fr.mecaformation.web.problem.DomainException;
import fr.mecaformation.web.problem.FieldError;
import fr.mecaformation.web.security.Caller;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Learners' own playlists. Someone else's playlist does not exist for a caller (404), shared or not. */
@Service
public class Playlists {

    private final SecureRandom random;

    private final PlaylistRepository playlists;
    private final LessonRepository lessons;
    private final TransactionalOperator transactional;
    private final Clock clock;

    public Playlists(PlaylistRepository playlists, LessonRepository lessons, TransactionalOperator transactional, Clock clock) {
        try {
            // a DRBG seeded here, at startup: the default NativePRNG reads /dev/urandom now and then, which would
            // block an event-loop thread when a learner shares a playlist
            this.random = SecureRandom.getInstance("DRBG");
            this.random.nextBytes(new byte[16]);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("DRBG is part of every JDK since 9", e);
        }
        this.playlists = playlists;
        this.lessons = lessons;
        this.transactional = transactional;
        this.clock = clock;
    }

    /** A playlist and its lessons, in the playlist's order. */
    public record View(Playlist playlist, List<Lesson> lessons) {
    }

    public Mono<View> create(Caller owner, String title) {
        return playlists.insert(new Playlist(UUID.randomUUID(), owner.id(), title, null, List.of(), clock.instant(), clock.instant()))
                .map(playlist -> new View(playlist, List.of()));
    }

    public Mono<List<Playlist>> mine(Caller owner) {
        return playlists.ownedBy(owner.id()).collectList();
    }

    public Mono<View> get(Caller owner, UUID id) {
        return owned(owner, playlists.findById(id), id).flatMap(this::view);
    }

    public Mono<View> replaceLessons(Caller owner, UUID id, List<UUID> lessonIds) {
        return Mono.defer(() -> {
            List<UUID> order = Playlist.checkedOrder(lessonIds);
            return owned(owner, playlists.findForUpdate(id), id)
                    .flatMap(playlist -> order.isEmpty() ? Mono.just(0L) : playlists.countPublishedLessons(order))
                    .flatMap(published -> published != order.size()
                            ? Mono.error(new DomainException.Invalid("Liste de leçons refusée.",
                                    List.of(new FieldError("lessonIds", "chaque leçon doit exister et être publiée"))))
                            : playlists.replaceItems(id, order, clock.instant()))
                    .then(playlists.findById(id));
        }).as(transactional::transactional).flatMap(this::view);
    }

    /** A read-only link anyone can open; sharing again keeps the same link. */
    public Mono<View> share(Caller owner, UUID id) {
        return owned(owner, playlists.findForUpdate(id), id)
                .flatMap(playlist -> playlist.shareToken() != null ? Mono.just(playlist)
                        : playlists.setShareToken(id, newToken(), clock.instant()).then(playlists.findById(id)))
                .as(transactional::transactional)
                .flatMap(this::view);
    }

    public Mono<Void> unshare(Caller owner, UUID id) {
        return owned(owner, playlists.findForUpdate(id), id)
                .flatMap(playlist -> playlists.setShareToken(id, null, clock.instant()))
                .as(transactional::transactional);
    }

    public Mono<Void> delete(Caller owner, UUID id) {
        return owned(owner, playlists.findById(id), id).flatMap(playlist -> playlists.delete(id));
    }

    public Mono<View> shared(String token) {
        return playlists.findByShareToken(token)
                .switchIfEmpty(Mono.error(() -> new DomainException.NotFound("Aucune liste partagée à cette adresse.")))
                .flatMap(this::view);
    }

    private Mono<View> view(Playlist playlist) {
        if (playlist.lessonIds().isEmpty()) {
            return Mono.just(new View(playlist, List.of()));
        }
        return lessons.findAll(playlist.lessonIds()).collectMap(Lesson::id, Function.identity())
                .map(byId -> new View(playlist, ordered(playlist.lessonIds(), byId)));
    }

    private static List<Lesson> ordered(List<UUID> ids, Map<UUID, Lesson> byId) {
        return ids.stream().map(byId::get).filter(java.util.Objects::nonNull).collect(Collectors.toList());
    }

    private static Mono<Playlist> owned(Caller owner, Mono<Playlist> found, UUID id) {
        return found.filter(playlist -> playlist.isOwnedBy(owner.id()))
                .switchIfEmpty(Mono.error(() -> new DomainException.NotFound("Aucune liste de lecture " + id + ".")));
    }

    private String newToken() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
