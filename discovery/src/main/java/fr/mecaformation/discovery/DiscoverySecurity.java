package fr.mecaformation.discovery;

import org.springframework.boot.security.autoconfigure.SecurityProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The registry tells the gateway where to send every request, so writing to it is writing the platform's routing
 * table: registrations, renewals and reads all need the registry's credentials (HTTP basic, from EUREKA_USER and
 * EUREKA_PASSWORD). Only the probes and metrics stay open, as on every component. Eureka's clients send no CSRF token
 * and keep no session, so neither is used.
 */
@Configuration(proxyBeanMethods = false)
class DiscoverySecurity {

    @Bean
    SecurityFilterChain registry(HttpSecurity http, SecurityProperties properties) throws Exception {
        // Spring Boot would otherwise make up a random password (or take a blank one) and the clients could never match it
        if (properties.getUser().isPasswordGenerated() || properties.getUser().getPassword().isBlank()
                || properties.getUser().getName().isBlank()) {
            throw new IllegalStateException("EUREKA_USER and EUREKA_PASSWORD are required: the registry's credentials");
        }
        return http
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .httpBasic(Customizer.withDefaults())
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health/**", "/actuator/info", "/actuator/prometheus").permitAll()
                        .anyRequest().authenticated())
                .build();
    }
}
