package fr.mecaformation.web;

import fr.mecaformation.web.problem.ProblemWebExceptionHandler;
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
}
