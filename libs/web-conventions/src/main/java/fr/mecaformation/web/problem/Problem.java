package fr.mecaformation.web.problem;

import org.springframework.http.HttpStatus;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An RFC 9457 problem. Titles and details are French: they are shown to learners and trainers as they are.
 * Extension members (field errors, retry delay…) sit beside the standard members, as the RFC asks.
 */
public record Problem(HttpStatus status, String slug, String title, String detail, Map<String, Object> extensions) {

    /** Problem types are documented pages of their own; the slug names the kind of failure. */
    public static final String TYPE_BASE = "https://mecaformation.fr/problemes/";

    public Problem {
        extensions = Map.copyOf(extensions);
    }

    public static Problem of(HttpStatus status, String slug, String title, String detail) {
        return new Problem(status, slug, title, detail, Map.of());
    }

    public Problem with(String member, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(extensions);
        more.put(member, value);
        return new Problem(status, slug, title, detail, more);
    }

    public URI type() {
        return URI.create(TYPE_BASE + slug);
    }

    /** The JSON members in the RFC's order, then the extensions. */
    public Map<String, Object> toBody(String instance) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type().toString());
        body.put("title", title);
        body.put("status", status.value());
        body.put("detail", detail);
        if (instance != null) {
            body.put("instance", instance);
        }
        body.putAll(extensions);
        return body;
    }
}
