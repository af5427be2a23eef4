package fr.mecaformation.web.problem;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.NotAcceptableStatusException;
import org.springframework.web.server.PayloadTooLargeException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The one mapping from exceptions to RFC 9457 answers, for the gateway and every service. It runs before
 * Spring Boot's own error handler so no request ever gets a stack trace or Boot's error JSON.
 */
public class ProblemWebExceptionHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemWebExceptionHandler.class);

    private final long maxBodyBytes;

    public ProblemWebExceptionHandler(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        Problem problem = toProblem(error);
        if (problem.status().is5xxServerError()) {
            log.error("{} {} failed", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), error);
        }
        return ProblemWriter.write(exchange, problem);
    }

    Problem toProblem(Throwable error) {
        if (error instanceof DomainException domain) {
            return fromDomain(domain);
        }
        if (hasCause(error, DataBufferLimitException.class) || error instanceof PayloadTooLargeException) {
            return Problems.payloadTooLarge(maxBodyBytes);
        }
        if (error instanceof WebExchangeBindException binding) {
            return validation(fieldErrors(binding.getBindingResult()));
        }
        if (error instanceof HandlerMethodValidationException validation) {
            return validation(validation.getParameterValidationResults().stream()
                    .flatMap(result -> result.getResolvableErrors().stream()
                            .map(e -> new FieldError(result.getMethodParameter().getParameterName(), e.getDefaultMessage())))
                    .toList());
        }
        if (error instanceof UnsupportedMediaTypeStatusException unsupported) {
            return Problems.unsupportedMediaType("Le type de contenu « " + unsupported.getContentType()
                    + " » n'est pas accepté ; envoyez " + supported(unsupported) + ".");
        }
        if (error instanceof ServerWebInputException input) {
            return unreadable(input);
        }
        if (error instanceof MethodNotAllowedException) {
            return Problems.methodNotAllowed();
        }
        if (error instanceof NotAcceptableStatusException) {
            return Problems.notAcceptable();
        }
        if (error instanceof AuthenticationException) {
            return Problems.unauthorized();
        }
        if (error instanceof AccessDeniedException) {
            return Problems.forbidden();
        }
        if (error instanceof ResponseStatusException status) {
            return fromStatus(HttpStatus.valueOf(status.getStatusCode().value()));
        }
        return Problems.internalError();
    }

    private static Problem fromDomain(DomainException domain) {
        if (domain instanceof DomainException.NotFound) {
            return Problems.notFound(domain.getMessage());
        }
        if (domain instanceof DomainException.Conflict) {
            return Problems.conflict(domain.getMessage());
        }
        if (domain instanceof DomainException.Invalid invalid) {
            return Problems.badRequest(invalid.getMessage()).with("errors", invalid.errors());
        }
        if (domain instanceof DomainException.Unavailable unavailable) {
            return Problems.serviceUnavailable(unavailable.dependency());
        }
        if (domain instanceof DomainException.Refused refused) {
            return Problems.refusedByDependency(refused.dependency(), refused.getMessage());
        }
        if (domain instanceof DomainException.TooLarge tooLarge) {
            return Problems.payloadTooLarge(tooLarge.limitBytes(), tooLarge.getMessage());
        }
        if (domain instanceof DomainException.UnsupportedContent unsupported) {
            return Problems.unsupportedMediaType(unsupported.getMessage());
        }
        return Problems.forbidden().with("reason", domain.getMessage());
    }

    private static Problem validation(List<FieldError> errors) {
        return Problems.badRequest("Un ou plusieurs champs sont invalides.").with("errors", errors);
    }

    private static List<FieldError> fieldErrors(BindingResult result) {
        List<FieldError> errors = result.getFieldErrors().stream()
                .map(e -> new FieldError(e.getField(), e.getDefaultMessage()))
                .collect(Collectors.toList());
        result.getGlobalErrors().forEach(e -> errors.add(new FieldError(e.getObjectName(), e.getDefaultMessage())));
        return errors;
    }

    /** Says what was wrong with the body without echoing internals (class names, parser state). */
    private static Problem unreadable(ServerWebInputException input) {
        Throwable cause = rootOfKind(input);
        if (cause instanceof UnrecognizedPropertyException unknown) {
            return Problems.unreadableBody("Champ inconnu : « " + unknown.getPropertyName() + " ».")
                    .with("errors", List.of(new FieldError(path(unknown), "champ inconnu")));
        }
        if (cause instanceof InvalidFormatException || cause instanceof MismatchedInputException) {
            DatabindException mismatch = (DatabindException) cause;
            String field = path(mismatch);
            return Problems.unreadableBody("Valeur de type incorrect pour « " + field + " ».")
                    .with("errors", List.of(new FieldError(field, "type de valeur incorrect")));
        }
        if (cause instanceof StreamReadException) {
            return Problems.unreadableBody("Le corps de la requête n'est pas un JSON valide.");
        }
        if (input.getMethodParameter() != null && !input.getMethodParameter().hasParameterAnnotation(
                org.springframework.web.bind.annotation.RequestBody.class)) {
            String name = input.getMethodParameter().getParameterName();
            return Problems.badRequest("Paramètre invalide : « " + name + " ».")
                    .with("errors", List.of(new FieldError(name, "valeur invalide")));
        }
        if (input.getReason() != null && input.getReason().contains("No request body")) {
            return Problems.unreadableBody("Un corps de requête JSON est attendu.");
        }
        return Problems.unreadableBody("Le corps de la requête ne peut pas être lu.");
    }

    private static String path(DatabindException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
        return path.isEmpty() ? "(racine)" : path.replace(".[", "[");
    }

    private static Throwable rootOfKind(Throwable error) {
        Throwable current = error;
        while (current != null) {
            if (current instanceof StreamReadException || current instanceof DatabindException) {
                return current;
            }
            if (current instanceof DecodingException && current.getCause() == null) {
                return current;
            }
            current = current.getCause();
        }
        return error;
    }

    private static boolean hasCause(Throwable error, Class<? extends Throwable> kind) {
        for (Throwable current = error; current != null; current = current.getCause()) {
            if (kind.isInstance(current)) {
                return true;
            }
        }
        return false;
    }

    private static String supported(UnsupportedMediaTypeStatusException e) {
        return e.getSupportedMediaTypes().isEmpty() ? "application/json"
                : e.getSupportedMediaTypes().stream().map(Object::toString).distinct().collect(Collectors.joining(", "));
    }

    private static Problem fromStatus(HttpStatus status) {
        return switch (status) {
            case NOT_FOUND -> Problems.notFound("Aucune ressource à cette adresse.");
            case UNAUTHORIZED -> Problems.unauthorized();
            case FORBIDDEN -> Problems.forbidden();
            case CONTENT_TOO_LARGE -> Problems.payloadTooLarge(-1);
            case SERVICE_UNAVAILABLE -> Problems.serviceUnavailable("plateforme");
            case TOO_MANY_REQUESTS -> Problems.tooManyRequests(1);
            default -> status.is4xxClientError()
                    ? Problem.of(status, "requete-refusee", "Requête refusée", status.getReasonPhrase())
                    : Problems.internalError();
        };
    }
}
