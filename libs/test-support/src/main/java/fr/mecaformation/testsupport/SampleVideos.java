package fr.mecaformation.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real videos for tests, synthesised by ffmpeg (test card and a tone), and ffprobe to check what the platform
 * produced. Both come from Debian's ffmpeg package, which {@code .ci/run} and {@code ./meca} install.
 */
public final class SampleVideos {

    private SampleVideos() {
    }

    /**
     * An H.264/AAC MP4 of {@code seconds} at {@code width}x{@code height}. Its index (moov atom) is written last,
     * as cameras and phones do, so a truncated copy has none and can't be read.
     */
    public static Path mp4(Path directory, int seconds, int width, int height) {
        Path video = directory.resolve("sample-" + width + "x" + height + "-" + seconds + "s.mp4");
        if (!Files.exists(video)) {
            run(List.of("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
                    "-f", "lavfi", "-i", "testsrc=size=" + width + "x" + height + ":rate=24",
                    "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
                    "-t", String.valueOf(seconds), "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
                    "-c:a", "aac", "-shortest", video.toString()));
        }
        return video;
    }

    /** The first {@code bytes} of a file, as an upload cut short would leave it. */
    public static Path truncated(Path file, int bytes) {
        try {
            Path cut = file.resolveSibling("truncated-" + file.getFileName());
            byte[] all = Files.readAllBytes(file);
            Files.write(cut, java.util.Arrays.copyOf(all, Math.min(bytes, all.length)));
            return cut;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** ffprobe's JSON description (format and streams) of a file or URL; fails the test if ffprobe can't read it. */
    public static String probe(String fileOrUrl) {
        return run(List.of("ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_streams", fileOrUrl));
    }

    private static String run(List<String> command) {
        try {
            Path output = Files.createTempFile("sample-videos", ".out");
            Path errors = Files.createTempFile("sample-videos", ".err");
            try {
                Process process = new ProcessBuilder(command).redirectOutput(output.toFile()).redirectError(errors.toFile()).start();
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(command.get(0) + " did not finish in 120 s");
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException(command + " failed: " + Files.readString(errors));
                }
                return Files.readString(output);
            } finally {
                Files.deleteIfExists(output);
                Files.deleteIfExists(errors);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(command.get(0) + " is needed by this test (Debian package ffmpeg)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
