package fr.mecaformation.booking.application;

import fr.mecaformation.booking.domain.internship.InternshipApplication;
import fr.mecaformation.booking.persistence.InternshipLearnerRepository;
import fr.mecaformation.booking.persistence.InternshipRepository;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * UserDeleted for internships, as {@link LearnerErasure} does for bookings: applications to internships still to
 * start are withdrawn (an accepted one gives its place back), then every application of the learner loses their id,
 * motivation and matching reasons; their profile and certificates heard of are deleted. Decided applications of past
 * internships stay, anonymised, so a partner's counts still add up. Idempotent; runs in the inbox's transaction.
 */
@Service
public class InternshipErasure {

    private final InternshipRepository internships;
    private final InternshipLearnerRepository learners;
    private final Clock clock;

    public InternshipErasure(InternshipRepository internships, InternshipLearnerRepository learners, Clock clock) {
        this.internships = internships;
        this.learners = learners;
        this.clock = clock;
    }

    public Mono<Void> erase(UUID learnerId) {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, Internships.FRANCE);
        return internships.withdrawUpcomingOf(learnerId, today, now)
                .filter(previous -> InternshipApplication.ACCEPTED.equals(previous.status()))
                .concatMap(accepted -> internships.releasePlace(accepted.offerId()))
                .then(internships.anonymise(learnerId))
                .then(learners.forget(learnerId));
    }
}
