package fr.mecaformation.progress.application;

import fr.mecaformation.credentials.CertificateSigningKey;
import fr.mecaformation.credentials.TransparencyLog;
import fr.mecaformation.progress.persistence.CertificateLogRepository;
import org.springframework.stereotype.Service;

import java.time.Clock;

/**
 * The certificate log: every issued certificate's hash appended as a leaf, a signed tree head after each append, and
 * the proofs anyone can check against those heads (RFC 9162); the log itself is libs/credentials' (shared with
 * gamification-service's badges), this is its certificate instance. The log holds hashes only, never personal data.
 */
@Service
public class CertificateLog extends TransparencyLog {

    /** The {@code log} claim of every signed head: unchanged since the first certificate, old heads carry it. */
    public static final String NAME = "MécaFormation — journal des certificats";

    public CertificateLog(CertificateLogRepository log, CertificateSigningKey key, Clock clock) {
        super(log, key, clock, NAME);
    }
}
