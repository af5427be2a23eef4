package fr.mecaformation.stripedouble;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param webhookUrl    where notifications go (payment-service's webhook, usually through the gateway)
 * @param webhookSecret the secret they are signed with, as Stripe signs them
 * @param publicUrl     how a browser reaches this double (for the checkout page's address)
 */
@ConfigurationProperties("stripe-double")
public record StripeDoubleProperties(String webhookUrl, String webhookSecret, String publicUrl) {
}
