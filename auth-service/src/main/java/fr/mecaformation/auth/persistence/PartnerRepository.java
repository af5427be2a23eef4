package fr.mecaformation.auth.persistence;

import fr.mecaformation.auth.domain.Partner;
import fr.mecaformation.auth.domain.PartnerScope;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.UUID;
import java.util.stream.Collectors;

@Repository
public class PartnerRepository {

    private static final String COLUMNS = "id, company, contact_email, scopes, client_id, keycloak_client_id, "
            + "service_account_id, created_at, revoked_at";

    private final DatabaseClient db;

    public PartnerRepository(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Partner> insert(Partner partner) {
        return db.sql("INSERT INTO partner (" + COLUMNS + ") VALUES (:id, :company, :contactEmail, :scopes, :clientId, "
                        + ":keycloakClientId, :serviceAccountId, :createdAt, NULL)")
                .bind("id", partner.id())
                .bind("company", partner.company())
                .bind("contactEmail", partner.contactEmail())
                .bind("scopes", partner.scopes().stream().map(Enum::name).sorted().toArray(String[]::new))
                .bind("clientId", partner.clientId())
                .bind("keycloakClientId", partner.keycloakClientId())
                .bind("serviceAccountId", partner.serviceAccountId())
                .bind("createdAt", partner.createdAt().atOffset(ZoneOffset.UTC))
                .then()
                .thenReturn(partner);
    }

    public Mono<Partner> findById(UUID id) {
        return db.sql("SELECT " + COLUMNS + " FROM partner WHERE id = :id").bind("id", id)
                .map(PartnerRepository::partner).one();
    }

    public Mono<Partner> findByServiceAccount(UUID serviceAccountId) {
        return db.sql("SELECT " + COLUMNS + " FROM partner WHERE service_account_id = :id AND revoked_at IS NULL")
                .bind("id", serviceAccountId).map(PartnerRepository::partner).one();
    }

    public Flux<Partner> findAll() {
        return db.sql("SELECT " + COLUMNS + " FROM partner ORDER BY company").map(PartnerRepository::partner).all();
    }

    public Mono<Void> revoke(UUID id, Instant at) {
        return db.sql("UPDATE partner SET revoked_at = :at WHERE id = :id AND revoked_at IS NULL")
                .bind("id", id).bind("at", at.atOffset(ZoneOffset.UTC)).then();
    }

    private static Partner partner(Readable row) {
        OffsetDateTime revoked = row.get("revoked_at", OffsetDateTime.class);
        return new Partner(row.get("id", UUID.class), row.get("company", String.class),
                row.get("contact_email", String.class),
                Arrays.stream(row.get("scopes", String[].class)).map(PartnerScope::valueOf).collect(Collectors.toSet()),
                row.get("client_id", String.class), row.get("keycloak_client_id", UUID.class),
                row.get("service_account_id", UUID.class), row.get("created_at", OffsetDateTime.class).toInstant(),
                revoked == null ? null : revoked.toInstant());
    }
}
