package fr.mecaformation.web.problem;

import fr.mecaformation.web.CorrelationId;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import java.util.Map;

/** Writes a {@link Problem} as {@code application/problem+json}, with the request's correlation id. */
public final class ProblemWriter {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProblemWriter() {
    }

    public static Mono<Void> write(ServerWebExchange exchange, Problem problem) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.empty();
        }
        response.setStatusCode(problem.status());
        HttpHeaders headers = response.getHeaders();
        headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        headers.remove(HttpHeaders.CONTENT_LENGTH);
        DataBuffer buffer = response.bufferFactory().wrap(JSON.writeValueAsBytes(body(exchange, problem)));
        return response.writeWith(Mono.just(buffer));
    }

    public static Map<String, Object> body(ServerWebExchange exchange, Problem problem) {
        Problem withCorrelation = CorrelationId.of(exchange)
                .map(id -> problem.with("correlationId", id))
                .orElse(problem);
        return withCorrelation.toBody(exchange.getRequest().getPath().value());
    }
}
