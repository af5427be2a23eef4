package fr.mecaformation.testsupport;

import org.springframework.test.context.DynamicPropertyRegistry;

/** Points a domain service's Spring context at the shared real infrastructure and its own fresh database. */
public final class ServiceTestEnvironment {

    private ServiceTestEnvironment() {
    }

    public static PostgresSupport.Database register(DynamicPropertyRegistry registry, String service) {
        PostgresSupport.Database database = PostgresSupport.freshDatabase(service.replace('-', '_') + "_it");
        registry.add("spring.r2dbc.url", database::r2dbcUrl);
        registry.add("spring.r2dbc.username", database::username);
        registry.add("spring.r2dbc.password", database::password);
        registry.add("spring.flyway.url", database::jdbcUrl);
        registry.add("spring.flyway.user", database::username);
        registry.add("spring.flyway.password", database::password);
        registry.add("spring.kafka.bootstrap-servers", KafkaSupport::bootstrapServers);
        registry.add("eureka.client.enabled", () -> "false");
        registry.add("meca.outbox.poll-interval", () -> "50ms");
        registry.add("logging.structured.format.console", () -> "");
        return database;
    }
}
