package fr.mecaformation.web.defaults;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Defaults every MécaFormation Spring application shares, read from {@code meca-defaults/*.yml} on the classpath
 * (web-conventions brings the HTTP, security and observability ones, platform-starter adds data and messaging).
 * They are added last, so an application's own application.yml or the environment always wins.
 */
public class ServiceDefaults implements EnvironmentPostProcessor {

    private static final List<String> LOCATIONS = List.of("meca-defaults/web.yml", "meca-defaults/data.yml");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        for (String location : LOCATIONS) {
            ClassPathResource resource = new ClassPathResource(location);
            if (!resource.exists()) {
                continue;
            }
            try {
                List<PropertySource<?>> sources = new YamlPropertySourceLoader().load("meca-defaults:" + location, resource);
                sources.forEach(environment.getPropertySources()::addLast);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + location, e);
            }
        }
    }
}
