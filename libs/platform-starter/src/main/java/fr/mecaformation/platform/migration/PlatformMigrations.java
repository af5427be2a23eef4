package fr.mecaformation.platform.migration;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * How every domain service migrates its database at startup: the platform schema first (outbox, inbox, with its own
 * history), then the service's own schema.
 *
 * <p>Flyway runs with {@code outOfOrder} off: a migration whose version is lower than one already applied is an
 * error, because its author wrote it against a schema that did not have the later ones. The versioning policy
 * (ARCHITECTURE.md, "Migrations") and {@code MigrationHistoryIT} keep new migrations from landing out of order. One
 * migration did before the policy existed (progress-service's V3, committed after V10–V21): a service lists such
 * versions in {@code meca.flyway.late-versions}, and only when every skipped migration of the database is on that
 * list are they applied late. Anything else skipped still fails validation, as it should.
 */
public final class PlatformMigrations {

    public static final String PLATFORM_SCHEMA = "platform";
    public static final String PLATFORM_LOCATION = "classpath:db/platform";

    private PlatformMigrations() {
    }

    public static void migrate(Flyway service, Collection<String> lateVersions) {
        Flyway.configure()
                .configuration(service.getConfiguration())
                .schemas(PLATFORM_SCHEMA)
                .defaultSchema(PLATFORM_SCHEMA)
                .locations(PLATFORM_LOCATION)
                .load()
                .migrate();
        List<String> skipped = skippedVersions(service);
        if (!skipped.isEmpty() && Set.copyOf(lateVersions).containsAll(skipped)) {
            Flyway.configure().configuration(service.getConfiguration()).outOfOrder(true).load().migrate();
        } else {
            service.migrate();
        }
    }

    /** Resolved migrations the database never applied although it applied a later version. */
    static List<String> skippedVersions(Flyway flyway) {
        return Arrays.stream(flyway.info().all())
                .filter(migration -> migration.getState() == MigrationState.IGNORED && migration.getVersion() != null)
                .map(MigrationInfo::getVersion)
                .map(Object::toString)
                .toList();
    }
}
