package fr.mecaformation.web.problem;

import java.util.List;

/**
 * What a service's domain throws when a request can't be honoured. Plain Java on purpose: domain code stays
 * free of Spring, and {@link ProblemWebExceptionHandler} is the one place that turns these into HTTP answers.
 */
public abstract sealed class DomainException extends RuntimeException {

    protected DomainException(String message) {
        super(message, null, false, false);
    }

    protected DomainException(String message, Throwable cause) {
        super(message, cause, false, false);
    }

    /** The thing asked for does not exist, or the caller may not know it exists. */
    public static non-sealed class NotFound extends DomainException {
        public NotFound(String message) {
            super(message);
        }
    }

    /** The request contradicts the current state (already published, stale version…). */
    public static non-sealed class Conflict extends DomainException {
        public Conflict(String message) {
            super(message);
        }
    }

    /** The caller is known but this object is not theirs to change. */
    public static non-sealed class Forbidden extends DomainException {
        public Forbidden(String message) {
            super(message);
        }
    }

    /** A rule on the request's content that bean validation can't express. */
    public static non-sealed class Invalid extends DomainException {
        private final List<FieldError> errors;

        public Invalid(String message, List<FieldError> errors) {
            super(message);
            this.errors = List.copyOf(errors);
        }

        public List<FieldError> errors() {
            return errors;
        }
    }

    /** A system the request depends on (identity provider, payment provider…) does not answer; nothing was changed. */
    public static non-sealed class Unavailable extends DomainException {
        private final String dependency;

        public Unavailable(String dependency, Throwable cause) {
            super("« " + dependency + " » ne répond pas ; rien n'a été modifié.", cause);
            this.dependency = dependency;
        }

        public String dependency() {
            return dependency;
        }
    }

    /**
     * A system the request depends on answered, and refused what this service asked (a 4xx of its API: an object it
     * does not know, a key it rejects…). Not an outage: circuit breakers ignore it and retrying will not help; the
     * problem is ours to fix, so it is answered 502 naming the system and what it refused.
     *
     * @param refusal what was refused, in French, for the answer's detail
     * @param code    the system's own error code (e.g. Stripe's {@code resource_missing}), for callers that can repair
     */
    public static non-sealed class Refused extends DomainException {
        private final String dependency;
        private final String code;

        public Refused(String dependency, String refusal, String code, Throwable cause) {
            super("« " + dependency + " » a refusé la demande de la plateforme : " + refusal + " ; rien n'a été modifié.", cause);
            this.dependency = dependency;
            this.code = code;
        }

        public String dependency() {
            return dependency;
        }

        public String code() {
            return code;
        }
    }

    /** The request's body is larger than this operation accepts; nothing was kept. */
    public static non-sealed class TooLarge extends DomainException {
        private final long limitBytes;

        public TooLarge(String message, long limitBytes) {
            super(message);
            this.limitBytes = limitBytes;
        }

        public long limitBytes() {
            return limitBytes;
        }
    }

    /** The content is not of a kind this operation accepts, whatever its declared type or name says. */
    public static non-sealed class UnsupportedContent extends DomainException {
        public UnsupportedContent(String message) {
            super(message);
        }
    }
}
