package fr.mecaformation.payment.api;

import fr.mecaformation.payment.api.CheckoutController.BundleResponse;
import fr.mecaformation.payment.application.Bundles;
import fr.mecaformation.platform.validation.PlainText;
import fr.mecaformation.web.security.Callers;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

/** Bundles of published courses sold for one price: admins only. */
@RestController
@RequestMapping(path = "/api/payments/admin/bundles", produces = MediaType.APPLICATION_JSON_VALUE)
@PreAuthorize("hasRole('admin')")
public class AdminBundleController {

    private final Bundles bundles;

    public AdminBundleController(Bundles bundles) {
        this.bundles = bundles;
    }

    /** {@code price} in euros, VAT included. */
    public record BundleRequest(
            @NotBlank(message = "est obligatoire") @Size(max = 120, message = "ne doit pas dépasser {max} caractères") @PlainText String title,
            @NotNull(message = "est obligatoire") @Size(min = 2, max = 20, message = "doit réunir de {min} à {max} formations")
            List<@NotNull(message = "ne doit pas être vide") UUID> courseIds,
            @NotNull(message = "est obligatoire") @DecimalMin(value = "1.00", message = "doit être d'au moins 1 €")
            @DecimalMax(value = "100000", message = "montant absurde")
            @Digits(integer = 6, fraction = 2, message = "au plus deux décimales") BigDecimal price) {
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<BundleResponse> create(@Valid @RequestBody BundleRequest request, JwtAuthenticationToken caller) {
        List<UUID> distinct = List.copyOf(new LinkedHashSet<>(request.courseIds()));
        if (distinct.size() != request.courseIds().size()) {
            return Mono.error(new fr.mecaformation.web.problem.DomainException.Invalid("Une formation figure deux fois dans le pack.",
                    List.of(new fr.mecaformation.web.problem.FieldError("courseIds", "sans doublon"))));
        }
        return bundles.create(Callers.of(caller), request.title().strip(), distinct, request.price().movePointRight(2).longValueExact())
                .map(BundleResponse::of);
    }

    /** Every bundle, those taken off sale included. */
    @GetMapping
    public Mono<List<BundleResponse>> all() {
        return bundles.list(false).map(list -> list.stream().map(BundleResponse::of).toList());
    }

    /** Takes a bundle off sale (purchases already made keep their courses). */
    @DeleteMapping("/{bundleId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public Mono<Void> deactivate(@PathVariable UUID bundleId) {
        return bundles.deactivate(bundleId);
    }
}
