package fr.mecaformation.web;

import io.netty.channel.ChannelOption;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.JwkSetUriReactiveJwtDecoderBuilderCustomizer;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Ticker;
import fr.mecaformation.web.problem.ProblemWebExceptionHandler;
import fr.mecaformation.web.security.CachingJwtDecoder;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.util.unit.DataSize;

@AutoConfiguration
public class WebConventionsAutoConfiguration {

    /** Ahead of Boot's error handler (-1) and Spring's status handler (0), so every error is a problem. */
    @Bean
    @Order(-2)
    ProblemWebExceptionHandler problemWebExceptionHandler(
            @Value("${spring.http.codecs.max-in-memory-size:256KB}") DataSize maxBody) {
        return new ProblemWebExceptionHandler(maxBody.toBytes());
    }

    /**
     * Keycloak's key set is fetched with timeouts. A token signed by an unknown key makes the decoder fetch the set
     * again; without a timeout, a slow Keycloak held such a request (and its caller) for as long as it liked.
     */
    @Bean
    JwkSetUriReactiveJwtDecoderBuilderCustomizer jwkSetFetchTimeouts() {
        HttpClient http = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 2_000)
                .responseTimeout(Duration.ofSeconds(5));
        WebClient keySetClient = WebClient.builder().clientConnector(new ReactorClientHttpConnector(http)).build();
        return builder -> builder.webClient(keySetClient);
    }

    /**
     * Every service's and the gateway's JWT decoder remembers the tokens it validated (see {@link CachingJwtDecoder});
     * {@code meca.security.jwt-cache-size} tokens at most (0: off).
     */
    @Bean
    static BeanPostProcessor cachingJwtDecoder(@Value("${meca.security.jwt-cache-size:10000}") long cacheSize) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (cacheSize > 0 && bean instanceof ReactiveJwtDecoder decoder && !(bean instanceof CachingJwtDecoder)) {
                    return new CachingJwtDecoder(decoder, cacheSize, Clock.systemUTC(), Ticker.systemTicker());
                }
                return bean;
            }
        };
    }
}
