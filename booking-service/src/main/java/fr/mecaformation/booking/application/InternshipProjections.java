package fr.mecaformation.booking.application;

import fr.mecaformation.booking.persistence.InternshipLearnerRepository;
import fr.mecaformation.events.catalog.CourseSnapshot;
import fr.mecaformation.events.identity.LearnerProfileSnapshot;
import fr.mecaformation.events.progress.CertificateIssued;
import fr.mecaformation.events.progress.CertificateRevoked;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * What matching needs of other domains, kept from their events: a learner's profile (département, target
 * qualification, specialities), each course's skills, and the certificates that prove them. CertificateIssued names
 * a course, not skills, so a certificate proves the skills its course has in catalog.course.v1.
 */
@Service
public class InternshipProjections {

    private final InternshipLearnerRepository learners;

    public InternshipProjections(InternshipLearnerRepository learners) {
        this.learners = learners;
    }

    public Mono<Void> profile(LearnerProfileSnapshot profile) {
        return learners.profile(profile.userId(), profile.region(), profile.targetQualification(), profile.specialities(),
                profile.revision());
    }

    public Mono<Void> course(CourseSnapshot course) {
        return learners.courseSkills(course.courseId(), course.skills(), course.revision());
    }

    public Mono<Void> issued(CertificateIssued issued) {
        return learners.certificateIssued(issued.certificateId(), issued.learnerId(), issued.courseId(), issued.issuedAt());
    }

    public Mono<Void> revoked(CertificateRevoked revoked) {
        return learners.certificateRevoked(revoked.certificateId(), revoked.courseId(), revoked.revokedAt());
    }
}
