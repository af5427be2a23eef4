package fr.mecaformation.stripedouble;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class StripeDoubleApplication {

    public static void main(String[] args) {
        SpringApplication.run(StripeDoubleApplication.class, args);
    }
}
