package fr.mecaformation.events;

import fr.mecaformation.events.booking.AttendanceRecorded;
import fr.mecaformation.events.booking.BookingCancelled;
import fr.mecaformation.events.booking.BookingConfirmed;
import fr.mecaformation.events.booking.BookingReminderDue;
import fr.mecaformation.events.booking.BookingRescheduled;
import fr.mecaformation.events.booking.InternshipApplicationAccepted;
import fr.mecaformation.events.booking.InternshipApplicationDeclined;
import fr.mecaformation.events.booking.InternshipApplicationReceived;
import fr.mecaformation.events.booking.InternshipPublished;
import fr.mecaformation.events.catalog.CourseCreated;
import fr.mecaformation.events.catalog.CoursePublished;
import fr.mecaformation.events.catalog.CourseUpdated;
import fr.mecaformation.events.catalog.EnrolmentGranted;
import fr.mecaformation.events.catalog.EnrolmentRevoked;
import fr.mecaformation.events.catalog.LessonPublished;
import fr.mecaformation.events.catalog.VideoReady;
import fr.mecaformation.events.identity.CohortMemberAdded;
import fr.mecaformation.events.identity.UserDeleted;
import fr.mecaformation.events.identity.UserProfileUpdated;
import fr.mecaformation.events.identity.UserRegistered;
import fr.mecaformation.events.identity.UserRoleChanged;
import fr.mecaformation.events.gamification.BadgeEarned;
import fr.mecaformation.events.gamification.ChallengeCompleted;
import fr.mecaformation.events.gamification.LevelReached;
import fr.mecaformation.events.gamification.RewardCouponRequested;
import fr.mecaformation.events.gamification.StreakExtended;
import fr.mecaformation.events.gamification.XpAwarded;
import fr.mecaformation.events.payment.CoachingHourPurchased;
import fr.mecaformation.events.payment.DisputeOpened;
import fr.mecaformation.events.payment.PaymentSucceeded;
import fr.mecaformation.events.payment.RefundIssued;
import fr.mecaformation.events.payment.SubscriptionActivated;
import fr.mecaformation.events.payment.SubscriptionCancelled;
import fr.mecaformation.events.payment.SubscriptionPastDue;
import fr.mecaformation.events.progress.CertificateIssued;
import fr.mecaformation.events.progress.CertificateRevoked;
import fr.mecaformation.events.progress.CourseCompleted;
import fr.mecaformation.events.progress.LessonCompleted;
import fr.mecaformation.events.progress.QuizSubmitted;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every event the platform publishes. A producer adds its records here so contract tests cover them. */
public final class EventCatalog {

    private static final List<EventDescriptor> ALL = List.of(
            EventDescriptor.of(CourseCreated.class),
            EventDescriptor.of(CourseUpdated.class),
            EventDescriptor.of(CoursePublished.class),
            EventDescriptor.of(LessonPublished.class),
            EventDescriptor.of(VideoReady.class),
            EventDescriptor.of(EnrolmentGranted.class),
            EventDescriptor.of(EnrolmentRevoked.class),
            EventDescriptor.of(PaymentSucceeded.class),
            EventDescriptor.of(RefundIssued.class),
            EventDescriptor.of(DisputeOpened.class),
            EventDescriptor.of(CoachingHourPurchased.class),
            EventDescriptor.of(SubscriptionActivated.class),
            EventDescriptor.of(SubscriptionPastDue.class),
            EventDescriptor.of(SubscriptionCancelled.class),
            EventDescriptor.of(RewardCouponRequested.class),
            EventDescriptor.of(XpAwarded.class),
            EventDescriptor.of(LevelReached.class),
            EventDescriptor.of(BadgeEarned.class),
            EventDescriptor.of(StreakExtended.class),
            EventDescriptor.of(ChallengeCompleted.class),
            EventDescriptor.of(LessonCompleted.class),
            EventDescriptor.of(CourseCompleted.class),
            EventDescriptor.of(QuizSubmitted.class),
            EventDescriptor.of(CertificateIssued.class),
            EventDescriptor.of(CertificateRevoked.class),
            EventDescriptor.of(UserRegistered.class),
            EventDescriptor.of(UserProfileUpdated.class),
            EventDescriptor.of(UserRoleChanged.class),
            EventDescriptor.of(UserDeleted.class),
            EventDescriptor.of(CohortMemberAdded.class),
            EventDescriptor.of(BookingConfirmed.class),
            EventDescriptor.of(BookingCancelled.class),
            EventDescriptor.of(BookingRescheduled.class),
            EventDescriptor.of(AttendanceRecorded.class),
            EventDescriptor.of(BookingReminderDue.class),
            EventDescriptor.of(InternshipPublished.class),
            EventDescriptor.of(InternshipApplicationReceived.class),
            EventDescriptor.of(InternshipApplicationAccepted.class),
            EventDescriptor.of(InternshipApplicationDeclined.class));

    private static final Map<String, EventDescriptor> BY_TYPE =
            ALL.stream().collect(Collectors.toUnmodifiableMap(EventDescriptor::type, Function.identity()));

    private EventCatalog() {
    }

    public static List<EventDescriptor> all() {
        return ALL;
    }

    public static Optional<EventDescriptor> byType(String type) {
        return Optional.ofNullable(BY_TYPE.get(type));
    }

    public static EventDescriptor of(Class<? extends DomainEvent> javaType) {
        return ALL.stream()
                .filter(descriptor -> descriptor.javaType().equals(javaType))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(javaType.getName() + " is not in the EventCatalog"));
    }
}
