package fr.mecaformation.testsupport;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieHandler;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Keycloak's pages as a browser meets them: one cookie jar, redirects followed, links and forms read from the HTML.
 * What a person does with the link of an e-mail from Keycloak (verify the address, choose a new password).
 */
public final class KeycloakPages {

    private final HttpClient browser = HttpClient.newBuilder()
            .cookieHandler(new LocalhostCookies())
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** A new browser: no cookies, so no Keycloak session, as when the mail is opened on another device. */
    public static KeycloakPages newBrowser() {
        return new KeycloakPages();
    }

    /**
     * Opens an action link from an e-mail. Opened without a session of the person's own, Keycloak first asks them to
     * confirm on a page of its own (a link to the same action); a person clicks it, so this does too. Returns the page
     * reached: the result, or the form of the action (a new password).
     */
    public Document openEmailedLink(String link) {
        Document page = get(link);
        return page.select("a[href]").stream()
                .map(anchor -> anchor.absUrl("href"))
                .filter(href -> href.contains("/login-actions/action-token"))
                .findFirst()
                .map(this::get)
                .orElse(page);
    }

    /** Fills the page's form (the fields given, the others as the page set them) and sends it, as its button would. */
    public Document submit(Document page, Map<String, String> fields) {
        Element form = page.selectFirst("form");
        if (form == null) {
            throw new AssertionError("no form on the page: " + message(page));
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Element input : form.select("input[name]")) {
            boolean unchecked = input.attr("type").equals("checkbox") && !input.hasAttr("checked");
            if (!unchecked) {
                values.put(input.attr("name"), input.attr("value"));
            }
        }
        values.putAll(fields);
        String body = values.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(form.absUrl("action")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** What the page tells the person: its title and instruction or feedback message. */
    public static String message(Document page) {
        return page.select("#kc-page-title, .instruction, #input-error, .kc-feedback-text, [id^=input-error]").eachText()
                .stream().collect(Collectors.joining(" | "));
    }

    private Document get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    private Document send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = browser.send(request.timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
            Document page = Jsoup.parse(response.body(), response.uri().toString());
            if (response.statusCode() != 200) {
                throw new AssertionError("Keycloak answered " + response.statusCode() + " at " + response.uri() + ": " + message(page));
            }
            return page;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Keycloak marks its session cookies Secure. Browsers treat http://localhost as a secure context and send them
     * there; java.net's CookieManager sends Secure cookies over https only, and then Keycloak sees every request as
     * a new browser (the confirmation page again and again). This jar sends them as a browser does.
     */
    private static final class LocalhostCookies extends CookieHandler {

        private final CookieManager jar = new CookieManager(null, CookiePolicy.ACCEPT_ALL);

        @Override
        public Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders) {
            String path = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
            // all of them, matched here: the store's get(uri) leaves Secure cookies out of plain http as well
            String cookies = jar.getCookieStore().getCookies().stream()
                    .filter(cookie -> cookie.getDomain() == null || HttpCookie.domainMatches(cookie.getDomain(), uri.getHost())
                            || cookie.getDomain().equalsIgnoreCase(uri.getHost()))
                    .filter(cookie -> path.startsWith(cookie.getPath() == null ? "/" : cookie.getPath()))
                    .map(cookie -> cookie.getName() + "=" + cookie.getValue())
                    .collect(Collectors.joining("; "));
            return cookies.isEmpty() ? Map.of() : Map.of("Cookie", List.of(cookies));
        }

        @Override
        public void put(URI uri, Map<String, List<String>> responseHeaders) throws IOException {
            jar.put(uri, responseHeaders);
        }
    }
}
