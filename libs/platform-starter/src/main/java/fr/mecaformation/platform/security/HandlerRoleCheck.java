package fr.mecaformation.platform.security;

import org.aopalliance.intercept.MethodInvocation;
import org.springframework.context.ApplicationContext;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.authorization.method.PreAuthorizeReactiveAuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.util.SimpleMethodInvocation;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks the {@code @PreAuthorize} rule of the controller method a request is mapped to inside the security filter
 * chain, before anything reads the body. Method security alone runs only once WebFlux has decoded and validated the
 * arguments, so a student posting a malformed course learnt "400, your JSON is wrong" instead of "403, not yours to
 * do". Every service gets this from the starter, with the rules where they already are (on the use cases); method
 * security still runs as before when the method is invoked.
 *
 * <p>Rules that read the method's arguments ({@code #name}) can't be decided without the body: those are left to
 * method security. No request is refused here that method security would let through.
 */
final class HandlerRoleCheck implements WebFilter {

    private final ApplicationContext context;
    private final PreAuthorizeReactiveAuthorizationManager rules = new PreAuthorizeReactiveAuthorizationManager();
    private volatile RequestMappingHandlerMapping mapping;
    /** Whether a handler method has a role rule to check here: found once per method, not on every request. */
    private final Map<Method, Boolean> decidable = new ConcurrentHashMap<>();

    HandlerRoleCheck(ApplicationContext context) {
        this.context = context;
        rules.setApplicationContext(context);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return handlerOf(exchange)
                .filter(handler -> decidable.computeIfAbsent(handler.getMethod(), method -> decidableBeforeTheBody(handler)))
                .flatMap(handler -> rules.authorize(authentication(), invocation(handler)))
                .filter(result -> !result.isGranted())
                .flatMap(denied -> Mono.<Void>error(new AccessDeniedException("Access Denied")))
                .then(Mono.defer(() -> chain.filter(exchange)));
    }

    private Mono<HandlerMethod> handlerOf(ServerWebExchange exchange) {
        // An unmapped path, a wrong method or content type: the dispatcher answers those itself, as before
        return mapping().getHandler(exchange)
                .filter(HandlerMethod.class::isInstance)
                .cast(HandlerMethod.class)
                .onErrorResume(failure -> Mono.empty());
    }

    private static boolean decidableBeforeTheBody(HandlerMethod handler) {
        PreAuthorize rule = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), PreAuthorize.class);
        if (rule == null) {
            rule = AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), PreAuthorize.class);
        }
        return rule != null && !rule.value().contains("#");
    }

    private static Mono<Authentication> authentication() {
        return ReactiveSecurityContextHolder.getContext().mapNotNull(SecurityContext::getAuthentication);
    }

    private static MethodInvocation invocation(HandlerMethod handler) {
        HandlerMethod resolved = handler.createWithResolvedBean();
        Method method = resolved.getMethod();
        return new SimpleMethodInvocation(resolved.getBean(), method, new Object[method.getParameterCount()]);
    }

    private RequestMappingHandlerMapping mapping() {
        RequestMappingHandlerMapping current = mapping;
        if (current == null) {
            // looked up late: the handler mapping is built after the security chain
            current = context.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
            mapping = current;
        }
        return current;
    }
}
