package fr.mecaformation.catalog.media;

import org.apache.tika.Tika;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * ffprobe, ffmpeg and content sniffing. Blocking: callers run these on a scheduler meant for blocking work. The
 * ladder follows what players expect of VOD HLS: H.264 + AAC renditions at 240p/480p/720p (never upscaled), 4 s
 * segments cut on aligned keyframes so players can switch quality at any segment boundary.
 */
public class VideoTools {

    /** Container types accepted as video sources, as sniffed from the bytes (never from the name or header). */
    public static final Set<String> VIDEO_TYPES = Set.of("video/mp4", "video/quicktime", "video/x-m4v", "video/webm",
            "video/x-matroska", "video/x-msvideo", "video/mpeg", "video/mp2t", "video/3gpp", "application/mp4");

    private static final int[] LADDER = {240, 480, 720};
    private static final int[] VIDEO_KBPS = {400, 1000, 2500};
    private static final int SEGMENT_SECONDS = 4;

    private final Tika tika = new Tika();
    private final String ffmpeg;
    private final String ffprobe;
    private final Duration probeTimeout;

    public VideoTools(String ffmpeg, String ffprobe, Duration probeTimeout) {
        this.ffmpeg = ffmpeg;
        this.ffprobe = ffprobe;
        this.probeTimeout = probeTimeout;
    }

    /** The media type the file's first bytes show, whatever it was called or declared as. */
    public String sniff(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return tika.detect(in.readNBytes(64 * 1024));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public record Probe(double durationSeconds, int width, int height, boolean hasAudio) {
    }

    /** Reads the file's container and streams; {@link UnreadableVideo} if it has no decodable video stream. */
    public Probe probe(Path file) {
        String json = run(List.of(ffprobe, "-v", "error", "-print_format", "json", "-show_format", "-show_streams",
                file.toString()), probeTimeout);
        JsonNode root = JsonMapper.shared().readTree(json);
        JsonNode video = null;
        boolean audio = false;
        for (JsonNode stream : root.path("streams")) {
            String type = stream.path("codec_type").asString("");
            if ("video".equals(type) && video == null && stream.path("height").asInt(0) > 0
                    && !stream.path("disposition").path("attached_pic").asBoolean(false)) {
                video = stream;
            }
            audio |= "audio".equals(type);
        }
        double duration = root.path("format").path("duration").asDouble(0);
        if (video == null || !(duration > 0)) {
            throw new UnreadableVideo("no video stream or no duration");
        }
        return new Probe(duration, video.path("width").asInt(), video.path("height").asInt(), audio);
    }

    /**
     * Transcodes {@code source} into {@code out}: {@code master.m3u8} and one directory per rendition
     * ({@code 240p/index.m3u8} and its segments), {@code poster.jpg}, and {@code progressive.mp4} (480p at most,
     * moov atom first, for players without HLS and for HTTP Range requests).
     *
     * @return the rendition heights, lowest first
     */
    public List<Integer> transcode(Path source, Probe probe, Path out, Duration timeout) {
        List<Integer> heights = new ArrayList<>();
        for (int height : LADDER) {
            if (height <= probe.height()) {
                heights.add(height);
            }
        }
        if (heights.isEmpty()) {
            heights.add(probe.height() - probe.height() % 2);
        }
        run(hlsCommand(source, probe, out, heights), timeout);
        run(List.of(ffmpeg, "-hide_banner", "-nostdin", "-y", "-ss", String.format(Locale.ROOT, "%.3f", probe.durationSeconds() / 10),
                "-i", source.toString(), "-frames:v", "1", "-vf", "scale=-2:" + Math.min(720, heights.get(heights.size() - 1)),
                "-q:v", "3", out.resolve("poster.jpg").toString()), timeout);
        int progressive = Math.min(480, heights.get(heights.size() - 1));
        List<String> mp4 = new ArrayList<>(List.of(ffmpeg, "-hide_banner", "-nostdin", "-y", "-i", source.toString(),
                "-map", "0:v:0", "-vf", "scale=-2:" + progressive, "-c:v", "libx264", "-preset", "veryfast", "-crf", "26",
                "-pix_fmt", "yuv420p", "-movflags", "+faststart"));
        if (probe.hasAudio()) {
            mp4.addAll(List.of("-map", "0:a:0", "-c:a", "aac", "-b:a", "96k", "-ac", "2"));
        }
        mp4.add(out.resolve("progressive.mp4").toString());
        run(mp4, timeout);
        return heights;
    }

    private List<String> hlsCommand(Path source, Probe probe, Path out, List<Integer> heights) {
        List<String> command = new ArrayList<>(List.of(ffmpeg, "-hide_banner", "-nostdin", "-y", "-i", source.toString()));
        StringBuilder filter = new StringBuilder("[0:v:0]split=" + heights.size());
        for (int i = 0; i < heights.size(); i++) {
            filter.append("[s").append(i).append(']');
        }
        for (int i = 0; i < heights.size(); i++) {
            filter.append(";[s").append(i).append("]scale=-2:").append(heights.get(i)).append("[v").append(i).append(']');
        }
        command.addAll(List.of("-filter_complex", filter.toString()));
        StringBuilder streams = new StringBuilder();
        for (int i = 0; i < heights.size(); i++) {
            int kbps = VIDEO_KBPS[Math.min(i, VIDEO_KBPS.length - 1)];
            command.addAll(List.of("-map", "[v" + i + "]"));
            command.addAll(List.of("-b:v:" + i, kbps + "k", "-maxrate:v:" + i, (kbps * 11 / 10) + "k",
                    "-bufsize:v:" + i, (kbps * 2) + "k"));
            if (probe.hasAudio()) {
                command.addAll(List.of("-map", "0:a:0"));
            }
            streams.append(i == 0 ? "" : " ").append("v:").append(i)
                    .append(probe.hasAudio() ? ",a:" + i : "").append(",name:").append(heights.get(i)).append('p');
        }
        command.addAll(List.of("-c:v", "libx264", "-preset", "veryfast", "-profile:v", "main", "-pix_fmt", "yuv420p",
                "-force_key_frames", "expr:gte(t,n_forced*" + SEGMENT_SECONDS + ")", "-sc_threshold", "0"));
        if (probe.hasAudio()) {
            command.addAll(List.of("-c:a", "aac", "-b:a", "96k", "-ac", "2"));
        }
        command.addAll(List.of("-f", "hls", "-hls_time", String.valueOf(SEGMENT_SECONDS), "-hls_playlist_type", "vod",
                "-hls_flags", "independent_segments", "-hls_segment_filename", out.resolve("%v/segment_%04d.ts").toString(),
                "-master_pl_name", "master.m3u8", "-var_stream_map", streams.toString(),
                out.resolve("%v/index.m3u8").toString()));
        return command;
    }

    /** Runs a tool to completion and returns its standard output; on failure its last diagnostics say why. */
    private static String run(List<String> command, Duration timeout) {
        Path stdout = null;
        Path stderr = null;
        Process process = null;
        try {
            stdout = Files.createTempFile("meca-tool", ".out");
            stderr = Files.createTempFile("meca-tool", ".err");
            process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new UnreadableVideo(command.get(0) + " took longer than " + timeout);
            }
            if (process.exitValue() != 0) {
                throw new UnreadableVideo(command.get(0) + " exited with " + process.exitValue() + ": " + tail(stderr));
            }
            return Files.readString(stdout);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0) + " (is it installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        } finally {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
            deleteQuietly(stdout);
            deleteQuietly(stderr);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temporary file of the system's temp directory; the OS cleans it eventually
            }
        }
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log).strip();
            return text.length() <= 400 ? text : text.substring(text.length() - 400);
        } catch (IOException e) {
            return "";
        }
    }

    /** The file is not a video these tools can read, or a tool gave up on it. */
    public static class UnreadableVideo extends RuntimeException {
        public UnreadableVideo(String message) {
            super(message);
        }
    }
}
