package fr.mecaformation.platform.http;

import org.reactivestreams.Publisher;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * Validators and freshness for the public reads (the service's public GET paths): every 200 answer gets an ETag
 * (a digest of the body) and a request whose If-None-Match holds it gets 304 without the body, so phones in the
 * workshop revalidate the catalog instead of downloading it again. Anonymous answers may be cached by shared
 * caches for {@code maxAge}; an answer to a token may differ per person (a trainer sees their drafts), so it is
 * private and revalidated each time.
 */
public class PublicAnswerCaching implements WebFilter, Ordered {

    private final List<PathPattern> paths;
    private final CacheControl anonymous;

    public PublicAnswerCaching(List<String> publicGetPaths, Duration maxAge) {
        this.paths = publicGetPaths.stream().map(PathPatternParser.defaultInstance::parse).toList();
        this.anonymous = CacheControl.maxAge(maxAge).cachePublic();
    }

    @Override
    public int getOrder() {
        // after the security filters (-100), which tell who calls; their "no-store" default is written only at
        // commit, and stays away from a response that already has a Cache-Control
        return 0;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (exchange.getRequest().getMethod() != HttpMethod.GET
                || paths.stream().noneMatch(path -> path.matches(exchange.getRequest().getPath().pathWithinApplication()))) {
            return chain.filter(exchange);
        }
        List<String> known = exchange.getRequest().getHeaders().getIfNoneMatch();
        ServerHttpResponse response = exchange.getResponse();
        return chain.filter(exchange.mutate().response(new ServerHttpResponseDecorator(response) {
            @Override
            public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
                // no status set yet means the default, 200; a handler that set its own Cache-Control (media served
                // by signed link, large files) knows better and is not buffered here
                if (getStatusCode() != null && getStatusCode().value() != HttpStatus.OK.value()
                        || getHeaders().getCacheControl() != null) {
                    return super.writeWith(body);
                }
                Mono<Boolean> personal = exchange.getPrincipal()
                        .map(principal -> !(principal instanceof AnonymousAuthenticationToken))
                        .defaultIfEmpty(false);
                return Mono.zip(DataBufferUtils.join(body), personal).flatMap(answer -> {
                    DataBuffer joined = answer.getT1();
                    byte[] bytes = new byte[joined.readableByteCount()];
                    joined.read(bytes);
                    DataBufferUtils.release(joined);
                    String etag = "W/\"" + digest(bytes) + "\"";
                    HttpHeaders headers = getHeaders();
                    headers.setETag(etag);
                    headers.setCacheControl(answer.getT2() ? CacheControl.noCache().cachePrivate() : anonymous);
                    if (known.contains(etag) || known.contains("*")) {
                        setStatusCode(HttpStatus.NOT_MODIFIED);
                        headers.remove(HttpHeaders.CONTENT_LENGTH);
                        headers.remove(HttpHeaders.CONTENT_TYPE);
                        return getDelegate().setComplete();
                    }
                    return super.writeWith(Mono.just(bufferFactory().wrap(bytes)));
                });
            }
        }).build());
    }

    private static String digest(byte[] body) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(body);
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
