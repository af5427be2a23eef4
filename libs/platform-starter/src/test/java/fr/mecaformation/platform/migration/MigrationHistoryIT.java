package fr.mecaformation.platform.migration;

import fr.mecaformation.testsupport.PostgresSupport;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Migrations upgrade a running platform: a database migrated by any earlier commit of main starts with today's
 * migrations and ends with the schema of a fresh one; and the versioning policy (ARCHITECTURE.md, "Migrations") holds
 * over the whole history, so no migration can land below one that databases already applied.
 *
 * <p>Reads the earlier migrations from git history ({@code git show commit:path}): without the history (no git, a
 * shallow clone) it fails, it never passes on nothing. Plain Flyway and JDBC, no Spring context.
 */
class MigrationHistoryIT {

    static final String PLATFORM_DIR = "libs/platform-starter/src/main/resources/db/platform";
    /** Every domain service with a database; each keeps its migrations in the Flyway default location. */
    static final List<String> SERVICES = List.of("catalog-service", "auth-service", "payment-service", "progress-service",
            "gamification-service", "booking-service");
    /** The last commit before the policy: integer versions of files that existed there stay; new files are timestamps. */
    static final String POLICY_COMMIT = "996891655bf9ea7259877c5b9cef2ffd9a92e1c2";
    /** The state every progress database migrated before 3ceb3c4 is in: V1, V10, V20, V21 applied, not V3. */
    static final String BEFORE_LATE_V3 = "4661fcce630b01631eb35029649a9c6384e03a13";
    /** Landed below versions already on main before the policy; applied late through meca.flyway.late-versions. */
    static final Set<String> GRANDFATHERED_LATE = Set.of("progress-service/src/main/resources/db/migration/V3__trainer_cohorts.sql");
    static final Pattern TIMESTAMPED = Pattern.compile("V(\\d{4}_\\d{2}_\\d{2}_\\d{4})__[a-z0-9_]+\\.sql");
    static final Pattern VERSIONED = Pattern.compile("V([0-9_]+)__.+\\.sql");
    static final String MIGRATIONS = "*/src/main/resources/db/*/*.sql";

    static Path repo;

    @BeforeAll
    static void gitHistory() {
        String top;
        try {
            top = git(Path.of("").toAbsolutePath(), "rev-parse", "--show-toplevel").trim();
        } catch (IllegalStateException e) {
            throw new IllegalStateException("MigrationHistoryIT needs the project's git history (git and a clone, "
                    + "not an exported tree): " + e.getMessage(), e);
        }
        repo = Path.of(top);
        assertThat(git(repo, "rev-parse", "--is-shallow-repository").trim())
                .as("a shallow clone lacks the commits whose schemas must upgrade: clone with full history "
                        + "(git fetch --unshallow)").isEqualTo("false");
        git(repo, "cat-file", "-e", BEFORE_LATE_V3 + "^{commit}");
        git(repo, "cat-file", "-e", POLICY_COMMIT + "^{commit}");
    }

    @Test
    void everyEarlierSchemaOfMainUpgradesToTodaysSchema() throws Exception {
        for (String service : SERVICES) {
            String serviceDir = service + "/src/main/resources/db/migration";
            List<String> late = lateVersions(service);
            List<String> fresh = schema(migratedToday(PostgresSupport.freshDatabase("upgrade_fresh"), serviceDir, late));
            List<String> states = lines(git(repo, "log", "--first-parent", "--format=%H", "HEAD", "--",
                    serviceDir, PLATFORM_DIR));
            assertThat(states).as("earlier states of %s's schema in git history", service).isNotEmpty();
            if (service.equals("progress-service")) {
                assertThat(states).as("progress's pre-3ceb3c4 schema (V21 applied, V3 not) is among the states")
                        .contains(BEFORE_LATE_V3);
            }
            for (String commit : states) {
                PostgresSupport.Database database = PostgresSupport.freshDatabase("upgrade_" + commit.substring(0, 7));
                migrateAsAt(database, commit, PLATFORM_DIR, "platform");
                migrateAsAt(database, commit, serviceDir, "public");
                try {
                    migratedToday(database, serviceDir, late);
                    // the service's next start: nothing pending, and validation still passes
                    migratedToday(database, serviceDir, late);
                } catch (RuntimeException e) {
                    throw new AssertionError("%s's database migrated at %s does not start with today's migrations: %s"
                            .formatted(service, commit.substring(0, 7), e.getMessage()), e);
                }
                assertThat(schema(database)).as("%s's schema upgraded from %s, against a fresh migration", service,
                        commit.substring(0, 7)).isEqualTo(fresh);
            }
        }
    }

    /**
     * The versioning policy: along main's history, each migration added to a location has a version above every
     * migration added there before (so no database ever has to apply one below what it applied); files added since
     * the policy are named by their UTC timestamp; and no landed migration is ever edited, renamed or removed.
     */
    @Test
    void migrationsLandInVersionOrderAndNeverChange() throws IOException {
        List<String> problems = new ArrayList<>();
        Map<String, List<String>> addedByCommit = new LinkedHashMap<>();
        String commit = null;
        for (String line : lines(git(repo, "log", "--first-parent", "--reverse", "--diff-filter=A", "--name-only",
                "--format=commit %H", "HEAD", "--", MIGRATIONS))) {
            if (line.startsWith("commit ")) {
                commit = line.substring(7);
            } else {
                addedByCommit.computeIfAbsent(commit, c -> new ArrayList<>()).add(line);
            }
        }
        assertThat(addedByCommit).as("migrations added along main's history").isNotEmpty();
        // files of the working tree not committed yet come last, as the next commit would add them
        Set<String> committed = Set.copyOf(lines(git(repo, "ls-tree", "-r", "--name-only", "HEAD")));
        List<String> uncommitted = migrationFiles().stream().filter(file -> !committed.contains(file)).toList();
        if (!uncommitted.isEmpty()) {
            addedByCommit.put("(working tree)", uncommitted);
        }
        Map<String, MigrationVersion> highest = new HashMap<>();
        for (Map.Entry<String, List<String>> added : addedByCommit.entrySet()) {
            Map<String, MigrationVersion> before = Map.copyOf(highest);
            for (String file : added.getValue()) {
                String location = file.substring(0, file.lastIndexOf('/'));
                MigrationVersion version = version(file);
                MigrationVersion ceiling = before.get(location);
                if (ceiling != null && version.compareTo(ceiling) <= 0 && !GRANDFATHERED_LATE.contains(file)) {
                    problems.add("%s (added by %s) has version %s, not above %s already there: databases migrated "
                            .formatted(file, added.getKey(), version, ceiling)
                            + "before it would refuse to start; give it a new timestamp version");
                }
                highest.merge(location, version, (a, b) -> a.compareTo(b) >= 0 ? a : b);
            }
        }
        for (String file : migrationFiles()) {
            if (!existsAt(POLICY_COMMIT, file) && !timestamped(file)) {
                problems.add(file + " is not named V<yyyy>_<MM>_<dd>_<HHmm>__<what>.sql (UTC time of writing)");
            }
        }
        String changed = git(repo, "log", "--first-parent", "--diff-filter=MDR", "--name-status", "--format=",
                "HEAD", "--", MIGRATIONS).trim();
        if (!changed.isEmpty()) {
            problems.add("landed migrations were edited, renamed or removed (add a new one instead):\n" + changed);
        }
        String changedHere = git(repo, "diff", "--name-status", "--diff-filter=MDR", "HEAD", "--", MIGRATIONS).trim();
        if (!changedHere.isEmpty()) {
            problems.add("committed migrations changed in the working tree (add a new one instead):\n" + changedHere);
        }
        assertThat(problems).as("migration policy (ARCHITECTURE.md, Migrations)").isEmpty();
    }

    // --- migrations ---------------------------------------------------------------------------------------------

    /** Today's migrations with the services' own strategy (platform schema, then the service's, late versions). */
    static PostgresSupport.Database migratedToday(PostgresSupport.Database database, String serviceDir, List<String> late) {
        Flyway service = Flyway.configure()
                .dataSource(database.jdbcUrl(), database.username(), database.password())
                .locations("filesystem:" + repo.resolve(serviceDir))
                .load();
        PlatformMigrations.migrate(service, late);
        return database;
    }

    /** Migrates one schema with the files a location had at that commit, as that commit's services did. */
    static void migrateAsAt(PostgresSupport.Database database, String commit, String dir, String schema) throws IOException {
        List<String> files = lines(git(repo, "ls-tree", "--name-only", commit, dir + "/")).stream()
                .filter(file -> file.endsWith(".sql")).toList();
        if (files.isEmpty()) {
            return;
        }
        Path copy = Files.createTempDirectory("migrations-" + commit.substring(0, 7));
        for (String file : files) {
            Files.writeString(copy.resolve(file.substring(file.lastIndexOf('/') + 1)), git(repo, "show", commit + ":" + file));
        }
        Flyway.configure()
                .dataSource(database.jdbcUrl(), database.username(), database.password())
                .schemas(schema).defaultSchema(schema)
                .locations("filesystem:" + copy)
                .load()
                .migrate();
    }

    /** The service's own meca.flyway.late-versions, read from its application.yml as the service reads it. */
    static List<String> lateVersions(String service) throws IOException {
        try (InputStream yml = Files.newInputStream(repo.resolve(service + "/src/main/resources/application.yml"))) {
            Object value = new Yaml().loadAll(yml).iterator().next();
            for (String key : List.of("meca", "flyway", "late-versions")) {
                value = value instanceof Map<?, ?> map ? map.get(key) : null;
            }
            return value == null ? List.of()
                    : Arrays.stream(value.toString().split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
        }
    }

    // --- schema comparison --------------------------------------------------------------------------------------

    /** Everything a migration can define in the service's and the platform's schemas, as sorted text lines. */
    static List<String> schema(PostgresSupport.Database database) throws SQLException {
        String schemas = "('public','platform')";
        String history = "'flyway_schema_history'";
        List<String> lines = new ArrayList<>();
        try (Connection connection = database.connect()) {
            lines.addAll(rows(connection, "column", """
                    SELECT table_schema, table_name, column_name, data_type, udt_name, character_maximum_length,
                           numeric_precision, numeric_scale, is_nullable, column_default, is_identity,
                           identity_generation, is_generated, generation_expression
                    FROM information_schema.columns WHERE table_schema IN %s AND table_name <> %s""".formatted(schemas, history)));
            lines.addAll(rows(connection, "constraint", """
                    SELECT n.nspname, c.relname, con.conname, pg_get_constraintdef(con.oid)
                    FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname IN %s AND c.relname <> %s""".formatted(schemas, history)));
            lines.addAll(rows(connection, "index", """
                    SELECT schemaname, tablename, indexname, indexdef FROM pg_indexes
                    WHERE schemaname IN %s AND tablename <> %s""".formatted(schemas, history)));
            lines.addAll(rows(connection, "view", """
                    SELECT table_schema, table_name, view_definition FROM information_schema.views
                    WHERE table_schema IN %s""".formatted(schemas)));
            lines.addAll(rows(connection, "function", """
                    SELECT n.nspname, p.proname, pg_get_functiondef(p.oid) FROM pg_proc p
                    JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname IN %s AND p.prokind IN ('f','p')""".formatted(schemas)));
            lines.addAll(rows(connection, "trigger", """
                    SELECT n.nspname, c.relname, t.tgname, pg_get_triggerdef(t.oid) FROM pg_trigger t
                    JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE NOT t.tgisinternal AND n.nspname IN %s""".formatted(schemas)));
            lines.addAll(rows(connection, "type", """
                    SELECT n.nspname, t.typname, t.typtype, coalesce(string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder), '')
                    FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace LEFT JOIN pg_enum e ON e.enumtypid = t.oid
                    WHERE n.nspname IN %s AND t.typtype IN ('e','d')
                    GROUP BY n.nspname, t.typname, t.typtype""".formatted(schemas)));
            lines.addAll(rows(connection, "sequence", """
                    SELECT sequence_schema, sequence_name, data_type, start_value, increment FROM information_schema.sequences
                    WHERE sequence_schema IN %s""".formatted(schemas)));
            lines.addAll(rows(connection, "text search", """
                    SELECT n.nspname, c.cfgname FROM pg_ts_config c JOIN pg_namespace n ON n.oid = c.cfgnamespace
                    WHERE n.nspname IN %s""".formatted(schemas)));
            lines.addAll(rows(connection, "extension", "SELECT extname FROM pg_extension"));
        }
        return lines.stream().sorted().toList();
    }

    static List<String> rows(Connection connection, String kind, String sql) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (ResultSet rows = connection.createStatement().executeQuery(sql)) {
            ResultSetMetaData columns = rows.getMetaData();
            while (rows.next()) {
                StringBuilder line = new StringBuilder(kind);
                for (int i = 1; i <= columns.getColumnCount(); i++) {
                    line.append(" | ").append(rows.getString(i));
                }
                lines.add(line.toString());
            }
        }
        return lines;
    }

    // --- files and git ------------------------------------------------------------------------------------------

    static List<String> migrationFiles() throws IOException {
        List<String> dirs = Stream.concat(SERVICES.stream().map(s -> s + "/src/main/resources/db/migration"),
                Stream.of(PLATFORM_DIR)).toList();
        List<String> files = new ArrayList<>();
        for (String dir : dirs) {
            try (Stream<Path> listed = Files.list(repo.resolve(dir))) {
                listed.filter(p -> p.toString().endsWith(".sql")).map(p -> dir + "/" + p.getFileName()).forEach(files::add);
            }
        }
        return files.stream().sorted().toList();
    }

    static MigrationVersion version(String file) {
        Matcher matcher = VERSIONED.matcher(file.substring(file.lastIndexOf('/') + 1));
        if (!matcher.matches()) {
            fail(file + " is not a versioned migration V<version>__<what>.sql");
        }
        return MigrationVersion.fromVersion(matcher.group(1).replace('_', '.'));
    }

    static boolean timestamped(String file) {
        Matcher matcher = TIMESTAMPED.matcher(file.substring(file.lastIndexOf('/') + 1));
        if (!matcher.matches()) {
            return false;
        }
        try {
            LocalDateTime.parse(matcher.group(1), DateTimeFormatter.ofPattern("uuuu_MM_dd_HHmm"));
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    static boolean existsAt(String commit, String file) {
        try {
            git(repo, "cat-file", "-e", commit + ":" + file);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    static List<String> lines(String text) {
        return text.lines().filter(line -> !line.isBlank()).toList();
    }

    static String git(Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(false).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + err.trim());
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run git (" + e.getMessage() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running git", e);
        }
    }
}
