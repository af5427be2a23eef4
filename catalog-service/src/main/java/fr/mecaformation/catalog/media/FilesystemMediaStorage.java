package fr.mecaformation.catalog.media;

import fr.mecaformation.web.problem.DomainException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.util.FileSystemUtils;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.core.scheduler.Schedulers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * {@link MediaStorage} on a directory. Writes and jobs happen in {@code .staging} under the same root and are
 * renamed into place, so readers never see a half-written file and a crash leaves only staging debris.
 */
public class FilesystemMediaStorage implements MediaStorage {

    private static final Logger log = LoggerFactory.getLogger(FilesystemMediaStorage.class);

    private final Path root;
    private final Path staging;

    public FilesystemMediaStorage(Path root) {
        try {
            this.root = Files.createDirectories(root).toRealPath();
            this.staging = Files.createDirectories(this.root.resolve(".staging"));
        } catch (IOException e) {
            throw new UncheckedIOException("media storage " + root + " is not usable", e);
        }
    }

    @Override
    public Mono<Long> write(String key, Flux<DataBuffer> content, long maxBytes) {
        Path target = resolve(key);
        Path partial = staging.resolve(UUID.randomUUID() + ".part");
        AtomicLong written = new AtomicLong();
        Flux<DataBuffer> limited = content.handle((buffer, sink) -> {
            if (written.addAndGet(buffer.readableByteCount()) > maxBytes) {
                DataBufferUtils.release(buffer);
                sink.error(new DomainException.TooLarge("Le fichier dépasse la taille autorisée.", maxBytes));
            } else {
                sink.next(buffer);
            }
        });
        return DataBufferUtils.write(limited, partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)
                .then(Mono.fromCallable(() -> {
                    Files.createDirectories(target.getParent());
                    Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
                    return written.get();
                }).subscribeOn(Schedulers.boundedElastic()))
                .doFinally(signal -> {
                    if (signal != SignalType.ON_COMPLETE) {
                        deleteQuietly(partial);
                    }
                });
    }

    @Override
    public Path localFile(String key) {
        return resolve(key);
    }

    @Override
    public Path newWorkspace() {
        try {
            return Files.createDirectory(staging.resolve(UUID.randomUUID().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void publishDirectory(String keyPrefix, Path workspace) {
        Path target = resolve(keyPrefix);
        try {
            Files.createDirectories(target.getParent());
            Files.move(workspace, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not publish " + keyPrefix, e);
        }
    }

    @Override
    public void sweepStaging(Duration idleFor) {
        Instant before = Instant.now().minus(idleFor);
        try (Stream<Path> entries = Files.list(staging)) {
            entries.filter(entry -> lastWrite(entry).isBefore(before)).forEach(entry -> {
                log.info("removing staging debris {}", entry.getFileName());
                deleteQuietly(entry);
            });
        } catch (IOException e) {
            log.warn("could not sweep {}", staging, e);
        }
    }

    /** The latest write in a file or a workspace's files. */
    private static Instant lastWrite(Path entry) {
        try (Stream<Path> files = Files.walk(entry)) {
            return files.map(file -> {
                try {
                    return Files.getLastModifiedTime(file).toInstant();
                } catch (IOException gone) {
                    return Instant.now();
                }
            }).max(Instant::compareTo).orElse(Instant.now());
        } catch (IOException | java.io.UncheckedIOException gone) {
            return Instant.now();
        }
    }

    @Override
    public void discardWorkspace(Path workspace) {
        if (workspace.normalize().startsWith(staging)) {
            deleteQuietly(workspace);
        }
    }

    @Override
    public Optional<Resource> read(String key) {
        Path file = resolve(key);
        return Files.isRegularFile(file) ? Optional.of(new FileSystemResource(file)) : Optional.empty();
    }

    @Override
    public void delete(String keyOrPrefix) {
        deleteQuietly(resolve(keyOrPrefix));
    }

    /** Keys are ours, but a key is still never allowed to name anything outside the root. */
    private Path resolve(String key) {
        Path path = root.resolve(key).normalize();
        if (!path.startsWith(root) || path.equals(root) || path.startsWith(staging)) {
            throw new IllegalArgumentException("media key outside the storage: " + key);
        }
        return path;
    }

    private static void deleteQuietly(Path path) {
        try {
            FileSystemUtils.deleteRecursively(path);
        } catch (IOException e) {
            log.warn("could not delete {}", path, e);
        }
    }
}
