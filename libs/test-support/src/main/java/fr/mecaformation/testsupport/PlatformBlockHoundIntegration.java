package fr.mecaformation.testsupport;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * BlockHound runs in every test JVM that has test-support (blockhound-junit-platform installs it). These are the
 * only calls we let through on event-loop threads, each because it can't stall the loop in practice.
 */
public class PlatformBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        // NativePRNG reads /dev/urandom, which never blocks on Linux once the kernel pool is initialised.
        builder.allowBlockingCallsInside("java.util.UUID", "randomUUID");
        // multipart boundaries come from a SecureRandom, seeded once from the OS like UUIDs above
        builder.allowBlockingCallsInside("org.springframework.util.MimeTypeUtils", "generateMultipartBoundary");
        // Hibernate Validator reads its message bundle from the jar once, on the first validation, then caches it.
        builder.allowBlockingCallsInside("org.hibernate.validator.resourceloading.PlatformResourceBundleLocator", "loadBundle");
    }
}
