package fr.mecaformation.gamification.api;

import fr.mecaformation.gamification.application.BadgeCredentials;
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
 * What anyone may check about a badge without an account (an employer shown it, a badge wallet importing it), as
 * progress-service's certificates: the public keys, the log's signed head and consistency proofs, one credential
 * (verdict, signed credential, inclusion proof), the revocation list, and the verification of a presented credential.
 * Answers that change with the log or a revocation are revalidated on every use ({@code no-cache}).
 */
@RestController
@RequestMapping(path = "/api/gamification/badges/credentials", produces = MediaType.APPLICATION_JSON_VALUE)
public class PublicBadgeCredentialController {

    private final BadgeCredentials credentials;

    public PublicBadgeCredentialController(BadgeCredentials credentials) {
        this.credentials = credentials;
    }

    /** The service's public key(s) as a JWK set (RFC 7517): what badge credentials and their log's heads are signed with. */
    @GetMapping("/keys")
    public Map<String, Object> keys() {
        return credentials.keys();
    }

    @GetMapping("/log/head")
    public Mono<ResponseEntity<BadgeCredentialResponses.TreeHead>> head() {
        return credentials.latestHead()
                .switchIfEmpty(Mono.error(() -> new DomainException.NotFound("Le journal des badges est encore vide.")))
                .map(head -> fresh(BadgeCredentialResponses.TreeHead.of(head)));
    }

    /** RFC 9162 consistency proof between two sizes of the log, with both signed heads. */
    @GetMapping("/log/consistency")
    public Mono<ResponseEntity<BadgeCredentialResponses.ConsistencyProof>> consistency(@RequestParam long from,
                                                                                       @RequestParam long to) {
        return credentials.consistency(from, to).map(proof -> fresh(BadgeCredentialResponses.ConsistencyProof.of(proof)));
    }

    @GetMapping("/revocations")
    public Mono<ResponseEntity<List<BadgeCredentialResponses.Revocation>>> revocations() {
        return credentials.revocations().map(BadgeCredentialResponses.Revocation::of).collectList()
                .map(PublicBadgeCredentialController::fresh);
    }

    /** The badge credential: its verdict, the signed credential (JWS) and its inclusion proof against the latest head. */
    @GetMapping("/{credentialId}")
    public Mono<ResponseEntity<BadgeCredentialResponses.Verification>> credential(@PathVariable UUID credentialId) {
        return credentials.status(credentialId).map(verdict -> BadgeCredentialResponses.Verification.of(verdict, credentials))
                .map(PublicBadgeCredentialController::fresh);
    }

    /** The credential to check, as a compact JWS. */
    public record VerificationRequest(
            @NotBlank(message = "est obligatoire") @Size(max = 16_000, message = "ne doit pas dépasser {max} caractères")
            String credential) {
    }

    /** Always 200 with a verdict for a readable request: a forged or altered credential is an answer, not an error. */
    @PostMapping(path = "/verification", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<BadgeCredentialResponses.Verification> verify(@Valid @RequestBody VerificationRequest request) {
        return credentials.verify(request.credential()).map(verdict -> BadgeCredentialResponses.Verification.of(verdict, credentials));
    }

    private static <T> ResponseEntity<T> fresh(T body) {
        return ResponseEntity.ok().cacheControl(CacheControl.noCache()).body(body);
    }
}
