package fr.mecaformation.gamification.persistence;

import fr.mecaformation.credentials.MerkleLogStore;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * The badge credential log's tables ({@code badge_credential_log_leaf}, {@code _tree_head}, {@code _log_state},
 * {@code _log_node}: V2026_12_04_1800), read and written by libs/credentials' store, as progress-service's
 * certificate log. The leaf, head and node tables refuse UPDATE, DELETE and TRUNCATE (trigger).
 */
@Repository
public class BadgeCredentialLogRepository extends MerkleLogStore {

    public BadgeCredentialLogRepository(DatabaseClient db) {
        super(db, "badge_credential", "credential_id");
    }
}
