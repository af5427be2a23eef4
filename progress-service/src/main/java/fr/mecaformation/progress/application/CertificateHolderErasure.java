package fr.mecaformation.progress.application;

import fr.mecaformation.progress.persistence.CertificateRepository;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.util.UUID;

/**
 * {@code UserDeleted}: the name on the holder's certificates and the stored credentials (which carry the name and the
 * account id) go; certificate ids, hashes, dates, status and the log stay, so a copy the holder kept still verifies
 * and the public view says the holder's data was erased at their request.
 */
@Component
public class CertificateHolderErasure implements LearnerErasure.PersonalData {

    private final CertificateRepository certificates;
    private final Clock clock;

    public CertificateHolderErasure(CertificateRepository certificates, Clock clock) {
        this.certificates = certificates;
        this.clock = clock;
    }

    @Override
    public Mono<Void> eraseLearner(UUID learnerId) {
        return certificates.eraseHolder(learnerId, clock.instant());
    }
}
