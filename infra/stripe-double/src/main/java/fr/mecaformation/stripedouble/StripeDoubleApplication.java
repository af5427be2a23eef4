package fr.mecaformation.stripedouble;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

@SpringBootApplication
@ConfigurationPropertiesScan
public class StripeDoubleApplication {

    public static void main(String[] args) {
        SpringApplication.run(StripeDoubleApplication.class, args);
    }

    /** After any request that may change what the double knows, and before its answer leaves: the state is saved. */
    @Bean
    WebFilter savesStateBeforeAnswering(StripeDouble stripe) {
        return (exchange, chain) -> {
            if (!HttpMethod.GET.equals(exchange.getRequest().getMethod())) {
                exchange.getResponse().beforeCommit(() -> Mono.fromRunnable(stripe::save).subscribeOn(Schedulers.boundedElastic()).then());
            }
            return chain.filter(exchange);
        };
    }
}
