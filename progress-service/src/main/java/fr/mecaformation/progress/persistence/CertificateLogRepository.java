package fr.mecaformation.progress.persistence;

import fr.mecaformation.credentials.MerkleLogStore;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * The append-only certificate log's tables ({@code certificate_log_leaf}, {@code certificate_tree_head},
 * {@code certificate_log_state}, {@code certificate_log_node}: V10 and V2026_12_02_0804), read and written by
 * libs/credentials' store. The leaf, head and node tables refuse UPDATE, DELETE and TRUNCATE (trigger).
 */
@Repository
public class CertificateLogRepository extends MerkleLogStore {

    public CertificateLogRepository(DatabaseClient db) {
        super(db, "certificate", "certificate_id");
    }
}
