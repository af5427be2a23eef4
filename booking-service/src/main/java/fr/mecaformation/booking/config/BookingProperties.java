package fr.mecaformation.booking.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * @param holdDuration          how long a coaching slot is held while the learner pays
 * @param learnerChangeWindow   no learner cancellation or move inside this window before the start
 * @param waitlistOfferDuration how long a freed seat stays offered to the first learner waiting
 * @param pollInterval          how often lapsed holds and offers, past bookings and due reminders are looked for
 * @param maxListingDays        the longest period one slot listing may span
 * @param publicBaseUrl         where calendar apps reach the platform (the gateway): private feed URLs start with it
 */
@ConfigurationProperties("meca.booking")
public record BookingProperties(@DefaultValue("35m") Duration holdDuration,
                                @DefaultValue("24h") Duration learnerChangeWindow,
                                @DefaultValue("2h") Duration waitlistOfferDuration,
                                @DefaultValue("5s") Duration pollInterval,
                                @DefaultValue("62") int maxListingDays,
                                @DefaultValue("http://localhost:8080") String publicBaseUrl) {
}
