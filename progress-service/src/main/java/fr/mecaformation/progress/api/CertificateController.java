package fr.mecaformation.progress.api;

import fr.mecaformation.platform.validation.PlainText;
import fr.mecaformation.progress.application.Certificates;
import fr.mecaformation.progress.config.CertificateProperties;
import fr.mecaformation.progress.domain.RevocationReason;
import fr.mecaformation.web.security.Callers;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.UUID;

/** A learner's certificates and their PDF; revocation by admins. */
@RestController
@PreAuthorize(Callers.PERSON)
public class CertificateController {

    private final Certificates certificates;
    private final CertificateProperties properties;

    public CertificateController(Certificates certificates, CertificateProperties properties) {
        this.certificates = certificates;
        this.properties = properties;
    }

    @GetMapping(path = "/api/progress/me/certificates", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<List<CertificateResponses.CertificateView>> mine(JwtAuthenticationToken caller) {
        return certificates.mine(Callers.of(caller))
                .map(certificate -> CertificateResponses.CertificateView.of(certificate, properties.verificationPage(certificate.id())))
                .collectList();
    }

    /** The certificate to print: its holder or an admin; anyone else finds nothing (404). */
    @GetMapping(path = "/api/progress/certificates/{certificateId}/pdf",
            produces = {MediaType.APPLICATION_PDF_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    public Mono<ResponseEntity<byte[]>> pdf(@PathVariable UUID certificateId, JwtAuthenticationToken caller) {
        return certificates.pdf(Callers.of(caller), certificateId).map(pdf -> ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("certificat-" + certificateId + ".pdf").build().toString())
                .cacheControl(CacheControl.noStore())
                .body(pdf));
    }

    /** {@code reason} is public (revocation list, verification page); {@code note} stays internal. */
    public record RevocationRequest(@NotNull(message = "est obligatoire") RevocationReason reason,
                                    @Size(max = 500, message = "ne doit pas dépasser {max} caractères") @PlainText String note) {
    }

    @PostMapping(path = "/api/progress/admin/certificates/{certificateId}/revocation",
            consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasRole('admin')")
    public Mono<CertificateResponses.CertificateView> revoke(@PathVariable UUID certificateId,
                                                            @Valid @RequestBody RevocationRequest request,
                                                            JwtAuthenticationToken caller) {
        return certificates.revoke(Callers.of(caller), certificateId, request.reason(), request.note())
                .map(certificate -> CertificateResponses.CertificateView.of(certificate, properties.verificationPage(certificateId)));
    }
}
