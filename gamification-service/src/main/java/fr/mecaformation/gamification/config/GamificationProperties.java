package fr.mecaformation.gamification.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.time.ZoneId;

@ConfigurationProperties("meca.gamification")
public record GamificationProperties(ZoneId defaultZone, Duration couponValidity) {
}
