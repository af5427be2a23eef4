package fr.mecaformation.stripedouble;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param webhookUrl    where notifications go (payment-service's webhook, usually through the gateway)
 * @param webhookSecret the secret they are signed with, as Stripe signs them
 * @param publicUrl     how a browser reaches this double (for the checkout page's address)
 * @param stateFile     where the double keeps what it knows across restarts; empty: in memory only (tests)
 */
@ConfigurationProperties("stripe-double")
public record StripeDoubleProperties(String webhookUrl, String webhookSecret, String publicUrl, String stateFile) {
}
