package fr.mecaformation.catalog.domain;

import fr.mecaformation.web.problem.DomainException;
import fr.mecaformation.web.problem.FieldError;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * WebVTT text tracks: captions trainers upload, chapters the catalog writes. An uploaded file must be a well-formed
 * WebVTT whose cues use only WebVTT's own markup (b, i, u, c, v, lang, ruby, rt): players show it as is, so nothing
 * else gets in.
 */
public final class WebVtt {

    public static final int MAX_BYTES = 512 * 1024;
    private static final Pattern TIMING = Pattern.compile(
            "^(\\d{2,}:)?\\d{2}:\\d{2}\\.\\d{3} --> (\\d{2,}:)?\\d{2}:\\d{2}\\.\\d{3}( .*)?$");
    private static final Pattern TAG = Pattern.compile("</?([a-zA-Z]*)[^>]*>");
    private static final Set<String> CUE_TAGS = Set.of("b", "i", "u", "c", "v", "lang", "ruby", "rt", "");

    private WebVtt() {
    }

    public static String checkedCaptions(String text) {
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        if (!body.startsWith("WEBVTT") || !(body.length() == 6 || Character.isWhitespace(body.charAt(6)))) {
            throw invalid("un fichier WebVTT commence par « WEBVTT »");
        }
        int cues = 0;
        for (String line : body.split("\\r?\\n")) {
            if (line.contains("-->")) {
                if (!TIMING.matcher(line).matches()) {
                    throw invalid("horodatage de réplique invalide : " + abbreviated(line));
                }
                cues++;
            } else {
                Matcher tag = TAG.matcher(line);
                while (tag.find()) {
                    if (!CUE_TAGS.contains(tag.group(1).toLowerCase(Locale.ROOT))) {
                        throw invalid("balise non permise dans une réplique : " + abbreviated(tag.group()));
                    }
                }
            }
        }
        if (cues == 0) {
            throw invalid("aucune réplique");
        }
        return body;
    }

    public record Chapter(double startSeconds, String title) {
    }

    /** Chapters as a WebVTT chapters track: each runs until the next one starts, the last until the end. */
    public static String chapters(List<Chapter> chapters, double durationSeconds) {
        StringBuilder vtt = new StringBuilder("WEBVTT\n");
        for (int i = 0; i < chapters.size(); i++) {
            Chapter chapter = chapters.get(i);
            double end = i + 1 < chapters.size() ? chapters.get(i + 1).startSeconds() : durationSeconds;
            if (!(chapter.startSeconds() >= 0) || chapter.startSeconds() >= end || end > durationSeconds) {
                throw new DomainException.Invalid("Chapitres refusés.", List.of(new FieldError("chapters[" + i + "]",
                        "les chapitres commencent dans l'ordre, à partir de 0 et avant la fin de la vidéo")));
            }
            vtt.append('\n').append(i + 1).append('\n')
                    .append(timestamp(chapter.startSeconds())).append(" --> ").append(timestamp(end)).append('\n')
                    .append(chapter.title().replace("-->", "→")).append('\n');
        }
        return vtt.toString();
    }

    private static String timestamp(double seconds) {
        long millis = Math.round(seconds * 1000);
        return String.format(Locale.ROOT, "%02d:%02d:%02d.%03d", millis / 3_600_000, millis / 60_000 % 60, millis / 1000 % 60,
                millis % 1000);
    }

    private static String abbreviated(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "…";
    }

    private static DomainException invalid(String why) {
        return new DomainException.Invalid("Sous-titres refusés.", List.of(new FieldError("captions", why)));
    }
}
