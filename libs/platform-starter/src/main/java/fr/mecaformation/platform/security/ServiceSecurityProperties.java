package fr.mecaformation.platform.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.List;

/**
 * @param publicGetPaths paths anyone may read without a token (e.g. the published catalog); everything else
 *                       needs a valid platform token, and finer rules live on the use cases ({@code @PreAuthorize})
 * @param publicPostPaths paths anyone may post to without a token (registration)
 */
@ConfigurationProperties("meca.security")
public record ServiceSecurityProperties(@DefaultValue List<String> publicGetPaths,
                                        @DefaultValue List<String> publicPostPaths) {
}
