package fr.mecaformation.catalog.persistence;

import fr.mecaformation.catalog.domain.Playlist;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static fr.mecaformation.catalog.persistence.LessonRepository.instant;
import static fr.mecaformation.catalog.persistence.LessonRepository.utc;

@Repository
public class PlaylistRepository {

    private static final String SELECT = """
            SELECT p.id, p.owner_id, p.title, p.share_token, p.created_at, p.updated_at,
                   coalesce(array_agg(i.lesson_id ORDER BY i.position) FILTER (WHERE i.lesson_id IS NOT NULL), '{}') AS lessons
            FROM playlist p LEFT JOIN playlist_item i ON i.playlist_id = p.id
            """;

    private final DatabaseClient db;

    public PlaylistRepository(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Playlist> insert(Playlist playlist) {
        return db.sql("INSERT INTO playlist (id, owner_id, title, created_at, updated_at) VALUES (:id, :owner, :title, :now, :now)")
                .bind("id", playlist.id()).bind("owner", playlist.ownerId()).bind("title", playlist.title())
                .bind("now", utc(playlist.createdAt()))
                .then().thenReturn(playlist);
    }

    public Mono<Playlist> findById(UUID id) {
        return db.sql(SELECT + " WHERE p.id = :id GROUP BY p.id").bind("id", id).map(PlaylistRepository::toPlaylist).one();
    }

    public Mono<Playlist> findForUpdate(UUID id) {
        return db.sql("SELECT id FROM playlist WHERE id = :id FOR UPDATE").bind("id", id).map(row -> true).one()
                .then(findById(id));
    }

    public Mono<Playlist> findByShareToken(String token) {
        return db.sql(SELECT + " WHERE p.share_token = :token GROUP BY p.id").bind("token", token)
                .map(PlaylistRepository::toPlaylist).one();
    }

    public Flux<Playlist> ownedBy(UUID owner) {
        return db.sql(SELECT + " WHERE p.owner_id = :owner GROUP BY p.id ORDER BY p.updated_at DESC")
                .bind("owner", owner).map(PlaylistRepository::toPlaylist).all();
    }

    /** Replaces the items with {@code lessonIds}, in that order: adding, removing and reordering are all this. */
    public Mono<Void> replaceItems(UUID id, List<UUID> lessonIds, Instant now) {
        Mono<Void> clear = db.sql("DELETE FROM playlist_item WHERE playlist_id = :id").bind("id", id).then();
        Mono<Void> fill = lessonIds.isEmpty() ? Mono.empty() : db.sql("""
                        INSERT INTO playlist_item (playlist_id, position, lesson_id)
                        SELECT :id, ordinality, lesson_id FROM unnest(:lessons) WITH ORDINALITY AS item(lesson_id, ordinality)""")
                .bind("id", id).bind("lessons", lessonIds.toArray(UUID[]::new)).then();
        return clear.then(fill).then(touch(id, now));
    }

    public Mono<Void> setShareToken(UUID id, String token, Instant now) {
        DatabaseClient.GenericExecuteSpec spec = db.sql("UPDATE playlist SET share_token = :token WHERE id = :id").bind("id", id);
        return (token == null ? spec.bindNull("token", String.class) : spec.bind("token", token)).then().then(touch(id, now));
    }

    public Mono<Void> delete(UUID id) {
        return db.sql("DELETE FROM playlist WHERE id = :id").bind("id", id).then();
    }

    /** How many of {@code lessonIds} are published lessons (a playlist holds nothing else). */
    public Mono<Long> countPublishedLessons(List<UUID> lessonIds) {
        return db.sql("SELECT count(*) AS total FROM lesson WHERE status = 'PUBLISHED' AND id = ANY(:ids)")
                .bind("ids", lessonIds.toArray(UUID[]::new)).map(row -> row.get("total", Long.class)).one();
    }

    private Mono<Void> touch(UUID id, Instant now) {
        return db.sql("UPDATE playlist SET updated_at = :now WHERE id = :id").bind("id", id).bind("now", utc(now)).then();
    }

    private static Playlist toPlaylist(Readable row) {
        UUID[] lessons = row.get("lessons", UUID[].class);
        return new Playlist(row.get("id", UUID.class), row.get("owner_id", UUID.class), row.get("title", String.class),
                row.get("share_token", String.class), lessons == null ? List.of() : Arrays.asList(lessons),
                instant(row, "created_at"), instant(row, "updated_at"));
    }
}
