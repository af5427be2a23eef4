package fr.mecaformation.catalog.media;

import org.springframework.core.io.Resource;
import org.springframework.core.io.buffer.DataBuffer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where media files live: uploaded sources, transcoded renditions, posters. Keys are the platform's own
 * ({@code sources/<id>}, {@code videos/<id>/...}), never a name a client chose. The filesystem adapter serves one
 * machine or a shared volume; an object-storage adapter would implement the same five operations.
 */
public interface MediaStorage {

    /**
     * Streams {@code content} into a new object. Past {@code maxBytes}, or if the stream fails or is cancelled,
     * the partial object is removed and the error propagates: a failed write leaves nothing behind.
     *
     * @return the number of bytes stored
     */
    Mono<Long> write(String key, Flux<DataBuffer> content, long maxBytes);

    /** A local file holding the object, for tools such as ffmpeg that read files. */
    Path localFile(String key);

    /** A fresh private directory where a job assembles files before {@link #publishDirectory publishing} them. */
    Path newWorkspace();

    /** Makes a workspace's files visible under {@code keyPrefix} all at once, or not at all. */
    void publishDirectory(String keyPrefix, Path workspace);

    /**
     * Removes staging debris: partial uploads and workspaces nobody has written to for {@code idleFor} (a client
     * that vanished mid-upload without the server hearing of it, an instance that crashed mid-job).
     */
    void sweepStaging(Duration idleFor);

    /** Drops a workspace that will not be published (failed job). */
    void discardWorkspace(Path workspace);

    Optional<Resource> read(String key);

    /** Removes an object, or every object under a prefix. Removing what does not exist is not an error. */
    void delete(String keyOrPrefix);
}
