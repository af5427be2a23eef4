package fr.mecaformation.payment.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * @param successUrl where Stripe sends the learner after paying; {@code {purchaseId}} is replaced
 * @param cancelUrl  where Stripe sends them if they give up
 * @param coachingHourCents the price of one hour of coaching with a trainer, euro cents VAT included
 */
@ConfigurationProperties("meca.payment")
public record PaymentProperties(Stripe stripe, String successUrl, String cancelUrl, @DefaultValue Plans plans,
                                @DefaultValue("9000") long coachingHourCents) {

    /** Subscription prices, euro cents VAT included: the whole catalog for a month or a year. */
    public record Plans(@DefaultValue("2900") long monthlyCents, @DefaultValue("29000") long yearlyCents) {
    }

    /**
     * @param apiBase       Stripe's API, or the test double's
     * @param secretKey     the account's secret key ({@code sk_…})
     * @param webhookSecret the endpoint's signing secret ({@code whsec_…})
     */
    public record Stripe(String apiBase, String secretKey, String webhookSecret, @DefaultValue("5s") Duration timeout) {
    }
}
