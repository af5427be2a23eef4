package fr.mecaformation.progress.api;

import fr.mecaformation.progress.application.CertificateLog;
import fr.mecaformation.progress.application.Certificates;
import fr.mecaformation.progress.config.CertificateProperties;
import fr.mecaformation.web.problem.DomainException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What anyone may check without an account: the public key, the log's signed head and proofs, one certificate's
 * status, the revocation list, and the verification of a credential someone was handed. Answers that change with
 * the log or a revocation are revalidated on every use ({@code no-cache}); the key set is cached as a public read.
 */
@RestController
@RequestMapping(path = "/api/progress/certificates", produces = MediaType.APPLICATION_JSON_VALUE)
public class PublicCertificateController {

    private final Certificates certificates;
    private final CertificateLog log;
    private final CertificateProperties properties;

    public PublicCertificateController(Certificates certificates, CertificateLog log, CertificateProperties properties) {
        this.certificates = certificates;
        this.log = log;
        this.properties = properties;
    }

    /** The platform's public key(s) as a JWK set (RFC 7517): what certificates and tree heads are signed with. */
    @GetMapping("/keys")
    public Map<String, Object> keys() {
        return certificates.keys();
    }

    @GetMapping("/log/head")
    public Mono<ResponseEntity<CertificateResponses.TreeHead>> head() {
        return log.latestHead()
                .switchIfEmpty(Mono.error(() -> new DomainException.NotFound("Le journal des certificats est encore vide.")))
                .map(head -> fresh(CertificateResponses.TreeHead.of(head)));
    }

    /** RFC 9162 consistency proof between two sizes of the log, with both signed heads. */
    @GetMapping("/log/consistency")
    public Mono<ResponseEntity<CertificateResponses.ConsistencyProof>> consistency(@RequestParam long from, @RequestParam long to) {
        return log.consistency(from, to).map(proof -> fresh(CertificateResponses.ConsistencyProof.of(proof)));
    }

    @GetMapping("/revocations")
    public Mono<ResponseEntity<List<CertificateResponses.Revocation>>> revocations() {
        return certificates.revocations().map(CertificateResponses.Revocation::of).collectList().map(PublicCertificateController::fresh);
    }

    /** What the certificate says, its status, its signed credential and its inclusion proof against the latest head. */
    @GetMapping("/{certificateId}")
    public Mono<ResponseEntity<CertificateResponses.Verification>> certificate(@PathVariable UUID certificateId) {
        return certificates.status(certificateId).map(this::verification).map(PublicCertificateController::fresh);
    }

    /** The credential to check, as a compact JWS (what the holder downloads or the QR code's page shows). */
    public record VerificationRequest(
            @NotBlank(message = "est obligatoire") @Size(max = 16_000, message = "ne doit pas dépasser {max} caractères")
            String credential) {
    }

    /** Always 200 with a verdict for a readable request: a forged or altered credential is an answer, not an error. */
    @PostMapping(path = "/verification", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<CertificateResponses.Verification> verify(@Valid @RequestBody VerificationRequest request) {
        return certificates.verify(request.credential()).map(this::verification);
    }

    @GetMapping(path = "/{certificateId}/page", produces = MediaType.TEXT_HTML_VALUE)
    public Mono<ResponseEntity<String>> page(@PathVariable UUID certificateId) {
        return certificates.status(certificateId).map(verdict -> ResponseEntity.ok()
                .contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
                .cacheControl(CacheControl.noCache())
                .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
                .body(VerificationPage.render(verdict, properties.publicBaseUrl())));
    }

    private CertificateResponses.Verification verification(Certificates.Verdict verdict) {
        return new CertificateResponses.Verification(verdict.outcome().name(), verdict.outcome() == Certificates.Outcome.VALIDE,
                verdict.message(), verdict.checks(),
                verdict.certificate() == null ? null : CertificateResponses.CertificateView.of(verdict.certificate(),
                        properties.verificationPage(verdict.certificate().id())),
                verdict.credential(), CertificateResponses.InclusionProof.of(verdict.inclusion()));
    }

    private static <T> ResponseEntity<T> fresh(T body) {
        return ResponseEntity.ok().cacheControl(CacheControl.noCache()).body(body);
    }
}
