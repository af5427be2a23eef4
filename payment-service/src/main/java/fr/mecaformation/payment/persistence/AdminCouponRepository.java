package fr.mecaformation.payment.persistence;

import fr.mecaformation.payment.domain.Coupon;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** Discount codes admins made. */
@Repository
public class AdminCouponRepository {

    private static final String COLUMNS = """
            id, code, name, percent_off, amount_off_cents, duration, duration_months, expires_at, max_redemptions, active,
            stripe_coupon_id, stripe_promotion_code_id, created_at""";

    private final DatabaseClient db;

    public AdminCouponRepository(DatabaseClient db) {
        this.db = db;
    }

    /** A retried creation (same id) changes nothing. */
    public Mono<Void> insert(Coupon coupon, UUID adminId) {
        DatabaseClient.GenericExecuteSpec spec = db.sql("""
                        INSERT INTO coupon (id, code, name, percent_off, amount_off_cents, duration, duration_months, expires_at,
                                            max_redemptions, active, stripe_coupon_id, stripe_promotion_code_id, created_by, created_at)
                        VALUES (:id, :code, :name, :percent, :amount, :duration, :months, :expires, :max, true, :coupon, :promotion,
                                :admin, :now)
                        ON CONFLICT (id) DO NOTHING""")
                .bind("id", coupon.id()).bind("code", coupon.code()).bind("name", coupon.name())
                .bind("duration", coupon.duration().name()).bind("coupon", coupon.stripeCouponId())
                .bind("promotion", coupon.stripePromotionCodeId()).bind("admin", adminId)
                .bind("now", coupon.createdAt().atOffset(ZoneOffset.UTC));
        spec = coupon.percentOff() == null ? spec.bindNull("percent", Integer.class) : spec.bind("percent", coupon.percentOff());
        spec = coupon.amountOffCents() == null ? spec.bindNull("amount", Long.class) : spec.bind("amount", coupon.amountOffCents());
        spec = coupon.durationMonths() == null ? spec.bindNull("months", Integer.class) : spec.bind("months", coupon.durationMonths());
        spec = coupon.expiresAt() == null ? spec.bindNull("expires", OffsetDateTime.class)
                : spec.bind("expires", coupon.expiresAt().atOffset(ZoneOffset.UTC));
        spec = coupon.maxRedemptions() == null ? spec.bindNull("max", Integer.class) : spec.bind("max", coupon.maxRedemptions());
        return spec.then();
    }

    public Mono<Coupon> findById(UUID id) {
        return db.sql("SELECT " + COLUMNS + " FROM coupon WHERE id = :id").bind("id", id).map(AdminCouponRepository::toCoupon).one();
    }

    public Mono<Boolean> codeTaken(String code) {
        return db.sql("SELECT 1 FROM coupon WHERE upper(code) = upper(:code) UNION ALL SELECT 1 FROM reward_coupon WHERE upper(code) = upper(:code)")
                .bind("code", code).map(row -> true).all().hasElements();
    }

    public Flux<Coupon> all() {
        return db.sql("SELECT " + COLUMNS + " FROM coupon ORDER BY created_at DESC").map(AdminCouponRepository::toCoupon).all();
    }

    public Mono<Void> deactivate(UUID id, Instant now) {
        return db.sql("UPDATE coupon SET active = false, deactivated_at = :now WHERE id = :id AND active")
                .bind("id", id).bind("now", now.atOffset(ZoneOffset.UTC)).then();
    }

    private static Coupon toCoupon(Readable row) {
        OffsetDateTime expires = row.get("expires_at", OffsetDateTime.class);
        return new Coupon(row.get("id", UUID.class), row.get("code", String.class), row.get("name", String.class),
                row.get("percent_off", Integer.class), row.get("amount_off_cents", Long.class),
                Coupon.Duration.valueOf(row.get("duration", String.class)), row.get("duration_months", Integer.class),
                expires == null ? null : expires.toInstant(), row.get("max_redemptions", Integer.class),
                Boolean.TRUE.equals(row.get("active", Boolean.class)), row.get("stripe_coupon_id", String.class),
                row.get("stripe_promotion_code_id", String.class), row.get("created_at", OffsetDateTime.class).toInstant());
    }
}
