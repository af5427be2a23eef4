package fr.mecaformation.gamification.application;

import fr.mecaformation.credentials.CertificateSigningKey;
import fr.mecaformation.credentials.TransparencyLog;
import fr.mecaformation.gamification.persistence.BadgeCredentialLogRepository;
import org.springframework.stereotype.Service;

import java.time.Clock;

/**
 * The badge credential log: libs/credentials' transparency log (RFC 9162 hashing, a signed head per size, inclusion
 * and consistency proofs), on this service's tables and key. Hashes only, never personal data.
 */
@Service
public class BadgeCredentialLog extends TransparencyLog {

    /** The {@code log} claim of every signed head: a certificate log's head can't pass for one of these. */
    public static final String NAME = "MécaFormation — journal des badges";

    public BadgeCredentialLog(BadgeCredentialLogRepository log, CertificateSigningKey key, Clock clock) {
        super(log, key, clock, NAME);
    }
}
