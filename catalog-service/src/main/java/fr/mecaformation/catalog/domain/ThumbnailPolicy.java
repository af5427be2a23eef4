package fr.mecaformation.catalog.domain;

import fr.mecaformation.web.problem.DomainException;
import fr.mecaformation.web.problem.FieldError;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Thumbnails are only ever links to our own media hosts over HTTPS: the catalog never fetches a URL a client
 * gave (no server-side request forgery), and browsers never load images from a host we don't control.
 */
public record ThumbnailPolicy(Set<String> allowedHosts) {

    public void check(String thumbnailUrl) {
        if (thumbnailUrl == null) {
            return;
        }
        try {
            URI uri = new URI(thumbnailUrl);
            String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
            if ("https".equals(uri.getScheme()) && uri.getUserInfo() == null && uri.getPort() == -1
                    && allowedHosts.contains(host)) {
                return;
            }
        } catch (URISyntaxException malformed) {
            // refused below with the same message
        }
        throw new DomainException.Invalid("La vignette doit être une image hébergée par MécaFormation.",
                List.of(new FieldError("thumbnailUrl", "adresse https sur " + String.join(", ", allowedHosts) + " attendue")));
    }
}
