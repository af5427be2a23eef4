package fr.mecaformation.progress;

import fr.mecaformation.credentials.MerkleLog;
import fr.mecaformation.testsupport.PostgresSupport;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A log written before the tree's nodes were stored gets every node from its migration, as appends would have stored them. */
class CertificateLogMigrationIT {

    @Test
    void the_migration_builds_the_nodes_of_an_existing_log() throws Exception {
        PostgresSupport.Database database = PostgresSupport.freshDatabase("progress_service_log_migration_it");
        Flyway.configure().dataSource(database.jdbcUrl(), database.username(), database.password())
                .locations("classpath:db/migration").target("21").load().migrate();

        Map<String, String> expected = new HashMap<>();
        MerkleLog.Frontier frontier = MerkleLog.Frontier.empty();
        try (Connection connection = database.connect();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO certificate_log_leaf (leaf_index, certificate_id, leaf_hash, appended_at) VALUES (?, ?, ?, now())")) {
            for (int index = 0; index < 77; index++) {
                byte[] leaf = MerkleLog.leafHash(new byte[] {(byte) index});
                for (MerkleLog.Node node : frontier.completedBy(leaf)) {
                    expected.put(node.height() + ":" + node.index(), HexFormat.of().formatHex(node.hash()));
                }
                frontier = frontier.append(leaf);
                insert.setLong(1, index);
                insert.setObject(2, UUID.randomUUID());
                insert.setBytes(3, leaf);
                insert.addBatch();
            }
            insert.executeBatch();
        }

        Flyway.configure().dataSource(database.jdbcUrl(), database.username(), database.password())
                .locations("classpath:db/migration").load().migrate();

        Map<String, String> stored = new HashMap<>();
        try (Connection connection = database.connect();
             ResultSet rows = connection.createStatement().executeQuery("SELECT height, node_index, hash FROM certificate_log_node")) {
            while (rows.next()) {
                stored.put(rows.getInt(1) + ":" + rows.getLong(2), HexFormat.of().formatHex(rows.getBytes(3)));
            }
        }
        assertThat(stored).isEqualTo(expected).hasSize(2 * 77 - Integer.bitCount(77));
    }
}
