package fr.mecaformation.progress.api;

import fr.mecaformation.progress.application.Certificates;
import fr.mecaformation.progress.domain.Certificate;
import org.springframework.web.util.HtmlUtils;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The public page the QR code opens: the verdict in plain French, every value escaped, no script. */
final class VerificationPage {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.FRANCE)
            .withZone(ZoneId.of("Europe/Paris"));

    private VerificationPage() {
    }

    static String render(Certificates.Verdict verdict, String publicBaseUrl) {
        Certificate certificate = verdict.certificate();
        String colour = switch (verdict.outcome()) {
            case VALIDE -> "#1b5e20";
            case REVOQUE -> "#b71c1c";
            case INVALIDE -> "#e65100";
        };
        String title = switch (verdict.outcome()) {
            case VALIDE -> "Certificat valide";
            case REVOQUE -> "Certificat révoqué";
            case INVALIDE -> "Certificat non valide";
        };
        StringBuilder html = new StringBuilder("""
                <!DOCTYPE html>
                <html lang="fr"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Vérification d'un certificat — MécaFormation</title>
                <style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#222}
                .verdict{border-left:.4rem solid %s;padding:.5rem 1rem;background:#f6f6f6}
                dt{font-weight:600;margin-top:.6rem}code{word-break:break-all;font-size:.8rem}li{margin:.3rem 0}</style>
                </head><body>
                <h1>%s</h1>
                <p class="verdict">%s</p>
                """.formatted(colour, e(title), e(verdict.message())));
        if (certificate != null) {
            html.append("<dl>");
            item(html, "Titulaire", certificate.erased() ? Certificates.ERASED
                    : certificate.holderName() == null ? "Nom inconnu lors de l'émission" : certificate.holderName());
            item(html, "Formation", certificate.courseTitle());
            item(html, "Terminée le", DATE.format(certificate.completedAt()));
            item(html, "Émis le", DATE.format(certificate.issuedAt()));
            item(html, "Numéro du certificat", certificate.id().toString());
            if (certificate.revoked()) {
                item(html, "Révoqué le", DATE.format(certificate.revokedAt()) + " — motif : " + certificate.revocationReason().label());
            }
            html.append("<dt>Empreinte SHA-256 du certificat signé</dt><dd><code>")
                    .append(e(java.util.HexFormat.of().formatHex(certificate.credentialHash()))).append("</code></dd>");
            html.append("</dl>");
        }
        html.append("<h2>Contrôles effectués</h2><ul>");
        for (Certificates.Check check : verdict.checks()) {
            html.append("<li>").append(check.passed() ? "✔ " : "✘ ").append(e(check.detail())).append("</li>");
        }
        html.append("</ul><p>Chacun peut refaire ces contrôles : clé publique sur <code>")
                .append(e(publicBaseUrl + "/api/progress/certificates/keys"))
                .append("</code>, tête signée du journal sur <code>")
                .append(e(publicBaseUrl + "/api/progress/certificates/log/head"))
                .append("</code>.</p></body></html>\n");
        return html.toString();
    }

    private static void item(StringBuilder html, String term, String value) {
        html.append("<dt>").append(e(term)).append("</dt><dd>").append(e(value)).append("</dd>");
    }

    private static String e(String text) {
        return HtmlUtils.htmlEscape(text, "UTF-8");
    }
}
