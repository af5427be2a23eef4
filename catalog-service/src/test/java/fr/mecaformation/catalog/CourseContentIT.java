package fr.mecaformation.catalog;

import fr.mecaformation.catalog.domain.MediaToken;
import fr.mecaformation.events.EventCatalog;
import fr.mecaformation.events.EventJson;
import fr.mecaformation.events.identity.UserDeleted;
import fr.mecaformation.events.identity.UserEvents;
import fr.mecaformation.events.payment.CoachingHourPurchased;
import fr.mecaformation.events.payment.PaymentSucceeded;
import fr.mecaformation.events.payment.PurchaseEvents;
import fr.mecaformation.events.payment.RefundIssued;
import fr.mecaformation.events.payment.SubscriptionActivated;
import fr.mecaformation.events.payment.SubscriptionCancelled;
import fr.mecaformation.events.payment.SubscriptionEvents;
import fr.mecaformation.events.payment.SubscriptionPastDue;
import fr.mecaformation.events.EventSchemas;
import fr.mecaformation.events.catalog.EnrolmentEvents;
import fr.mecaformation.events.catalog.EnrolmentGranted;
import fr.mecaformation.events.catalog.EnrolmentRevoked;
import fr.mecaformation.events.catalog.LessonEvents;
import fr.mecaformation.events.catalog.LessonPublished;
import fr.mecaformation.events.catalog.VideoReady;
import fr.mecaformation.testsupport.KafkaSupport;
import fr.mecaformation.testsupport.PostgresSupport;
import fr.mecaformation.testsupport.SampleVideos;
import fr.mecaformation.testsupport.ServiceTestEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import fr.mecaformation.platform.grant.PlaybackGrant;
import fr.mecaformation.platform.grant.PlaybackGrants;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.mockJwt;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.springSecurity;

/**
 * Course structure, enrolments and the video pipeline against real PostgreSQL, Kafka, ffmpeg and ffprobe: a
 * synthesised video is uploaded, transcoded into an HLS ladder, and played through signed links by an enrolled
 * learner only. Bad uploads leave neither a row nor a file behind.
 */
@SpringBootTest
class CourseContentIT {

    static final byte[] SIGNING_KEY = "0123456789abcdef0123456789abcdef-test-key".getBytes(StandardCharsets.US_ASCII);
    static final String GRANT_KEY = Base64.getEncoder().encodeToString("playback-grants-shared-with-progress".getBytes(StandardCharsets.US_ASCII));
    static final long MAX_UPLOAD = 3 * 1024 * 1024;

    @TempDir
    static Path mediaRoot;
    @TempDir
    static Path samples;

    static PostgresSupport.Database database;
    static KafkaConsumer<String, byte[]> lessonTopic;
    static KafkaConsumer<String, byte[]> enrolmentTopic;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        database = ServiceTestEnvironment.register(registry, "catalog-service-content");
        registry.add("meca.catalog.media.root", () -> mediaRoot.toString());
        registry.add("meca.catalog.media.signing-key", () -> Base64.getEncoder().encodeToString(SIGNING_KEY));
        registry.add("meca.playback-grant.key", () -> GRANT_KEY);
        registry.add("meca.catalog.media.max-upload-size", () -> MAX_UPLOAD + "B");
        registry.add("meca.catalog.media.poll-interval", () -> "200ms");
        registry.add("meca.catalog.media.retry-delay", () -> "200ms");
        registry.add("meca.catalog.media.max-attempts", () -> "2");
        // swept every 5 s; ffmpeg writes its workspace far more often than every 10 s
        registry.add("meca.catalog.media.staging-max-idle", () -> "10s");
    }

    @Autowired
    ApplicationContext context;

    WebTestClient client;

    @BeforeAll
    static void readTopics() {
        lessonTopic = KafkaSupport.consumerFromBeginning(LessonEvents.TOPIC);
        enrolmentTopic = KafkaSupport.consumerFromBeginning(EnrolmentEvents.TOPIC);
    }

    @AfterAll
    static void closeTopics() {
        lessonTopic.close();
        enrolmentTopic.close();
    }

    @BeforeEach
    void bindClient() {
        client = WebTestClient.bindToApplicationContext(context).apply(springSecurity()).configureClient()
                .responseTimeout(Duration.ofSeconds(30))
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024))
                .build();
    }

    @Test
    void an_uploaded_video_becomes_an_hls_ladder_that_only_enrolled_learners_play_through_signed_links() throws IOException {
        String trainer = UUID.randomUUID().toString();
        String courseId = publishedCourse(trainer, 0);
        String lessonId = videoLesson(trainer, courseId);

        Map<?, ?> queued = upload(trainer, lessonId, bytesOf(SampleVideos.mp4(samples, 3, 1280, 720)), "freinage.mp4")
                .expectStatus().isAccepted()
                .expectHeader().valueMatches("Location", ".*/api/catalog/videos/[0-9a-f-]{36}")
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat(queued.get("status")).isIn("QUEUED", "PROCESSING");
        String videoId = (String) queued.get("id");

        Map<?, ?> ready = awaitVideo(trainer, videoId, "READY");
        assertThat(ready.get("qualities")).isEqualTo(List.of(240, 480, 720));
        assertThat((Double) ready.get("durationSeconds")).isBetween(2.8, 3.3);

        // what ffmpeg made is playable HLS: ffprobe reads the master playlist, renditions and segments
        Path master = mediaRoot.resolve("videos").resolve(videoId).resolve("master.m3u8");
        String probed = SampleVideos.probe(master.toString());
        assertThat(probed).contains("\"codec_name\": \"h264\"", "\"codec_name\": \"aac\"", "\"height\": 240", "\"height\": 720");
        assertThat(mediaRoot.resolve("videos").resolve(videoId).resolve("poster.jpg")).isNotEmptyFile();

        ConsumerRecord<String, byte[]> videoReady = KafkaSupport.awaitRecords(lessonTopic,
                record -> lessonId.equals(record.key()) && EventCatalog.of(VideoReady.class).type().equals(KafkaSupport.header(record, "ce_type")),
                1, Duration.ofSeconds(20)).get(0);
        assertThat(EventSchemas.violations(EventCatalog.of(VideoReady.class), videoReady.value())).isEmpty();

        asTrainer(trainer).post().uri("/api/catalog/lessons/{id}/publish", lessonId).exchange().expectStatus().isOk();
        KafkaSupport.awaitRecords(lessonTopic, record -> lessonId.equals(record.key())
                && EventCatalog.of(LessonPublished.class).type().equals(KafkaSupport.header(record, "ce_type")), 1, Duration.ofSeconds(20));

        String outsider = UUID.randomUUID().toString();
        asStudent(outsider).post().uri("/api/catalog/lessons/{id}/playback", lessonId).exchange()
                .expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);

        String learner = UUID.randomUUID().toString();
        asStudent(learner).post().uri("/api/catalog/courses/{id}/enrolment", courseId).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.source").isEqualTo("FREE");
        Map<?, ?> playback = asStudent(learner).post().uri("/api/catalog/lessons/{id}/playback", lessonId).exchange()
                .expectStatus().isOk()
                .expectHeader().cacheControl(org.springframework.http.CacheControl.noStore())
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat(playback.get("qualities")).isEqualTo(List.of(240, 480, 720));
        String hls = (String) playback.get("hlsUrl");
        // the signed playback grant that progress-service asks of offline heartbeats: this learner, this lesson, a
        // window from now to grantExpiresAt, readable with the key the two services share
        PlaybackGrant grant = PlaybackGrants.fromBase64(GRANT_KEY).read((String) playback.get("grant")).orElseThrow();
        assertThat(grant.learnerId()).isEqualTo(UUID.fromString(learner));
        assertThat(grant.lessonId()).isEqualTo(UUID.fromString(lessonId));
        assertThat(grant.issuedAt()).isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(1));
        assertThat(grant.expiresAt()).isEqualTo(Instant.parse((String) playback.get("grantExpiresAt")))
                .isAfter(Instant.parse((String) playback.get("expiresAt")));
        assertThat(PlaybackGrants.fromBase64(Base64.getEncoder().encodeToString(new byte[32]))
                .read((String) playback.get("grant"))).as("another key does not read it").isEmpty();

        String masterPlaylist = client.get().uri(hls).exchange()
                .expectStatus().isOk()
                .expectHeader().contentType("application/vnd.apple.mpegurl")
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(masterPlaylist).startsWith("#EXTM3U").contains("240p/index.m3u8", "480p/index.m3u8", "720p/index.m3u8",
                "RESOLUTION=1280x720");
        String rendition = client.get().uri(hls.replace("master.m3u8", "240p/index.m3u8")).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        String segment = rendition.lines().filter(line -> line.endsWith(".ts")).findFirst().orElseThrow();
        byte[] ts = client.get().uri(hls.replace("master.m3u8", "240p/" + segment)).exchange()
                .expectStatus().isOk().expectHeader().contentType("video/mp2t")
                .expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(ts[0]).isEqualTo((byte) 0x47); // MPEG-TS sync byte

        // progressive MP4 with HTTP Range, for seeking and players without HLS
        client.get().uri((String) playback.get("mp4Url")).header("Range", "bytes=0-99").exchange()
                .expectStatus().isEqualTo(HttpStatus.PARTIAL_CONTENT)
                .expectHeader().valueMatches("Content-Range", "bytes 0-99/\\d+")
                .expectBody(byte[].class).value(bytes -> assertThat(bytes).hasSize(100));

        // captions and chapters: checked WebVTT, served beside the video through the same signed links
        captions(trainer, lessonId, "fr", "WEBVTT\n\n00:00.000 --> 00:01.500\n<v Formateur>Desserrez les vis de l'étrier.\n")
                .expectStatus().isNoContent();
        captions(trainer, lessonId, "fr", "WEBVTT\n\n00:00.000 --> 00:01.500\n<script>alert(1)</script>\n").expectStatus().isBadRequest();
        captions(trainer, lessonId, "fr", "1\n00:00:00,000 --> 00:00:01,500\nformat SRT\n").expectStatus().isBadRequest();
        captions(trainer, lessonId, "FRA", "WEBVTT\n\n00:00.000 --> 00:01.000\nx\n").expectStatus().isBadRequest();
        asTrainer(trainer).put().uri("/api/catalog/lessons/{id}/captions/../fr", lessonId).contentType(MediaType.valueOf("text/vtt"))
                .bodyValue("WEBVTT\n\n00:00.000 --> 00:01.000\nx\n").exchange()
                .expectStatus().is4xxClientError();
        asTrainer(trainer).put().uri("/api/catalog/lessons/{id}/chapters", lessonId).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("chapters", List.of(Map.of("startSeconds", 2, "title", "Remontage"),
                        Map.of("startSeconds", 1, "title", "Démontage")))).exchange()
                .expectStatus().isBadRequest();
        asTrainer(trainer).put().uri("/api/catalog/lessons/{id}/chapters", lessonId).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("chapters", List.of(Map.of("startSeconds", 0, "title", "Démontage"),
                        Map.of("startSeconds", 1.5, "title", "Remontage")))).exchange()
                .expectStatus().isNoContent();
        Map<?, ?> withTracks = asStudent(learner).post().uri("/api/catalog/lessons/{id}/playback", lessonId).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        String captionsUrl = (String) ((Map<?, ?>) ((List<?>) withTracks.get("captions")).get(0)).get("url");
        assertThat(client.get().uri(captionsUrl).exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith("text/vtt")
                .expectBody(String.class).returnResult().getResponseBody()).contains("Desserrez les vis");
        assertThat(client.get().uri((String) withTracks.get("chaptersUrl")).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody())
                .contains("00:00:00.000 --> 00:00:01.500\nDémontage", "00:00:01.500 --> 00:00:0");

        // a link whose time is up, or that was tampered with, is refused
        String expired = new MediaToken(UUID.fromString(videoId), Instant.now().minusSeconds(1)).sign(SIGNING_KEY);
        client.get().uri("/api/catalog/media/{token}/master.m3u8", expired).exchange()
                .expectStatus().isForbidden().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        String forged = new MediaToken(UUID.fromString(videoId), Instant.now().plusSeconds(3600)).sign("another-key-another-key-another-key".getBytes());
        client.get().uri("/api/catalog/media/{token}/master.m3u8", forged).exchange().expectStatus().isForbidden();
        String token = hls.split("/")[4];
        client.get().uri("/api/catalog/media/" + token + "/..%2F..%2Fsources%2F" + videoId).exchange().expectStatus().is4xxClientError();
        client.get().uri("/api/catalog/media/" + token + "/240p/../../../sources/" + videoId).exchange().expectStatus().is4xxClientError();
    }

    @Test
    void bad_uploads_are_refused_with_a_problem_and_leave_no_row_and_no_file() throws IOException {
        String trainer = UUID.randomUUID().toString();
        String courseId = publishedCourse(trainer, 0);
        String lessonId = videoLesson(trainer, courseId);
        Path sample = SampleVideos.mp4(samples, 3, 640, 360);
        long videosBefore = database.count("SELECT count(*) FROM video");
        List<Path> filesBefore = storedFiles();

        byte[] pdf = "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".repeat(50).getBytes();
        upload(trainer, lessonId, new ByteArrayResource(pdf), "cours-freinage.mp4").expectStatus().isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("application/pdf"));
        upload(trainer, lessonId, new ByteArrayResource(new byte[0]), "vide.mp4").expectStatus().isBadRequest();
        upload(trainer, lessonId, new ByteArrayResource(new byte[(int) MAX_UPLOAD + 1]), "enorme.mp4")
                .expectStatus().isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
                .expectBody().jsonPath("$.limitBytes").isEqualTo((int) MAX_UPLOAD);
        upload(trainer, lessonId, bytesOf(SampleVideos.truncated(sample, (int) Files.size(sample) / 2)), "coupee.mp4")
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("incomplète"));
        for (String hostileName : List.of("../../etc/cron.d/x.mp4", "..\\..\\windows\\x.mp4", ".htaccess", "a\u0000b.mp4")) {
            upload(trainer, lessonId, bytesOf(sample), hostileName).expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.errors[0].field").isEqualTo("file");
        }
        asTrainer(trainer).post().uri("/api/catalog/lessons/{id}/video", lessonId).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"url\":\"http://169.254.169.254/latest/meta-data\"}").exchange()
                .expectStatus().isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
        MultipartBodyBuilder noFile = new MultipartBodyBuilder();
        noFile.part("title", "pas de fichier");
        asTrainer(trainer).post().uri("/api/catalog/lessons/{id}/video", lessonId)
                .body(BodyInserters.fromMultipartData(noFile.build())).exchange().expectStatus().isBadRequest();

        // someone else's lesson, or a learner: refused before anything is stored
        upload(UUID.randomUUID().toString(), lessonId, bytesOf(sample), "video.mp4").expectStatus().isForbidden();
        asStudent(UUID.randomUUID().toString()).post().uri("/api/catalog/lessons/{id}/video", lessonId)
                .body(BodyInserters.fromMultipartData(multipart(bytesOf(sample), "video.mp4"))).exchange()
                .expectStatus().isForbidden();

        assertThat(database.count("SELECT count(*) FROM video")).isEqualTo(videosBefore);
        assertThat(storedFiles()).as("nothing stored by refused uploads").isEqualTo(filesBefore);
    }

    @Test
    void a_video_whose_transcoding_keeps_failing_ends_failed_with_its_reason_and_the_lesson_shows_nothing() {
        String trainer = UUID.randomUUID().toString();
        String courseId = publishedCourse(trainer, 0);
        String lessonId = videoLesson(trainer, courseId);
        UUID videoId = UUID.randomUUID();
        // a queued job whose source vanished from storage (disk lost, operator error): every attempt fails
        database.execute("INSERT INTO video (id, lesson_id, uploaded_by, original_name, content_type, source_bytes, status,"
                + " next_attempt_at, created_at, updated_at) VALUES ('" + videoId + "', '" + lessonId + "', '" + trainer
                + "', 'perdue.mp4', 'video/mp4', 1000, 'QUEUED', now(), now(), now())");

        Map<?, ?> failed = awaitVideo(trainer, videoId.toString(), "FAILED");
        assertThat(failed.get("attempts")).isEqualTo(2);
        assertThat((String) failed.get("error")).isNotBlank();
        assertThat(database.scalar("SELECT video_id FROM lesson WHERE id = '" + lessonId + "'")).isNull();
        assertThat(Files.exists(mediaRoot.resolve("videos").resolve(videoId.toString()))).isFalse();
        asTrainer(trainer).post().uri("/api/catalog/lessons/{id}/publish", lessonId).exchange()
                .expectStatus().isEqualTo(HttpStatus.CONFLICT);
    }

    @Test
    void staging_debris_left_by_a_vanished_client_or_a_crash_is_swept_once_idle() throws IOException {
        Path abandoned = Files.writeString(mediaRoot.resolve(".staging").resolve(UUID.randomUUID() + ".part"), "interrompu");
        Files.setLastModifiedTime(abandoned, java.nio.file.attribute.FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        Path active = Files.writeString(mediaRoot.resolve(".staging").resolve(UUID.randomUUID() + ".part"), "en cours");

        await().atMost(Duration.ofSeconds(20)).until(() -> !Files.exists(abandoned));
        assertThat(active).as("an upload still being written stays").exists();
        Files.delete(active);
    }

    @Test
    void enrolments_come_free_or_from_an_admin_are_revoked_by_an_admin_and_each_change_is_an_event() {
        String trainer = UUID.randomUUID().toString();
        String paid = publishedCourse(trainer, 490);
        String learner = UUID.randomUUID().toString();

        asStudent(learner).post().uri("/api/catalog/courses/{id}/enrolment", paid).exchange()
                .expectStatus().isEqualTo(HttpStatus.CONFLICT)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("payante"));
        assertThat(access(learner, paid, learner)).isFalse();

        String admin = UUID.randomUUID().toString();
        asAdmin(admin).put().uri("/api/catalog/admin/courses/{c}/enrolments/{l}", paid, learner).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.source").isEqualTo("ADMIN");
        asAdmin(admin).put().uri("/api/catalog/admin/courses/{c}/enrolments/{l}", paid, learner).exchange().expectStatus().isOk();
        assertThat(access(learner, paid, learner)).isTrue();
        asStudent(learner).get().uri("/api/catalog/me/enrolments").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$[?(@.courseId == '" + paid + "')]").exists();

        // a learner can't ask about someone else's access; a trainer can't grant
        asStudent(UUID.randomUUID().toString()).get().uri("/api/catalog/access?courseId={c}&learnerId={l}", paid, learner).exchange()
                .expectStatus().isForbidden();
        asTrainer(trainer).put().uri("/api/catalog/admin/courses/{c}/enrolments/{l}", paid, UUID.randomUUID()).exchange()
                .expectStatus().isForbidden();

        asAdmin(admin).delete().uri("/api/catalog/admin/courses/{c}/enrolments/{l}", paid, learner).exchange()
                .expectStatus().isNoContent();
        assertThat(access(learner, paid, learner)).isFalse();
        asAdmin(admin).delete().uri("/api/catalog/admin/courses/{c}/enrolments/{l}", paid, learner).exchange()
                .expectStatus().isNotFound();

        List<ConsumerRecord<String, byte[]>> events = KafkaSupport.awaitRecords(enrolmentTopic,
                record -> learner.equals(record.key()), 2, Duration.ofSeconds(20));
        assertThat(events).extracting(r -> KafkaSupport.header(r, "ce_type")).containsExactly(
                EventCatalog.of(EnrolmentGranted.class).type(), EventCatalog.of(EnrolmentRevoked.class).type());
        events.forEach(event -> assertThat(EventSchemas.violations(
                EventCatalog.byType(KafkaSupport.header(event, "ce_type")).orElseThrow(), event.value())).isEmpty());
    }

    @Test
    void a_payment_grants_its_courses_once_a_full_refund_takes_them_back_and_an_erased_account_loses_all() {
        String trainer = UUID.randomUUID().toString();
        UUID first = UUID.fromString(publishedCourse(trainer, 490));
        UUID second = UUID.fromString(publishedCourse(trainer, 290));
        UUID learner = UUID.randomUUID();
        UUID payment = UUID.randomUUID();
        String paymentEventId = UUID.randomUUID().toString();
        byte[] paid = EventJson.write(new PaymentSucceeded(payment, learner, List.of(first, second), 78000, "EUR", Instant.now()));
        // a coaching hour the learner paid grants no course
        UUID coaching = UUID.randomUUID();
        KafkaSupport.sendCloudEvent(PurchaseEvents.TOPIC, coaching.toString(), UUID.randomUUID().toString(),
                EventCatalog.of(CoachingHourPurchased.class).type(), "/payment-service",
                EventJson.write(new CoachingHourPurchased(coaching, learner, 1, 9000, "EUR", Instant.now())));

        // Kafka delivers at least once: the same event three times grants once
        for (int delivery = 0; delivery < 3; delivery++) {
            KafkaSupport.sendCloudEvent(PurchaseEvents.TOPIC, payment.toString(), paymentEventId,
                    EventCatalog.of(PaymentSucceeded.class).type(), "/payment-service", paid);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> access(learner.toString(), second.toString(), learner.toString()));
        assertThat(access(learner.toString(), first.toString(), learner.toString())).isTrue();
        KafkaSupport.sendCloudEvent(PurchaseEvents.TOPIC, payment.toString(), UUID.randomUUID().toString(),
                EventCatalog.of(RefundIssued.class).type(), "/payment-service",
                EventJson.write(new RefundIssued(payment, learner, List.of(first), 4900, false, Instant.now())));
        KafkaSupport.sendCloudEvent(PurchaseEvents.TOPIC, payment.toString(), UUID.randomUUID().toString(),
                EventCatalog.of(RefundIssued.class).type(), "/payment-service",
                EventJson.write(new RefundIssued(payment, learner, List.of(second), 29000, true, Instant.now())));
        await().atMost(Duration.ofSeconds(30)).until(() -> !access(learner.toString(), second.toString(), learner.toString()));
        assertThat(access(learner.toString(), first.toString(), learner.toString())).as("a partial refund keeps access").isTrue();

        KafkaSupport.sendCloudEvent(UserEvents.TOPIC, learner.toString(), UUID.randomUUID().toString(),
                EventCatalog.of(UserDeleted.class).type(), "/auth-service", EventJson.write(new UserDeleted(learner, Instant.now())));
        await().atMost(Duration.ofSeconds(30)).until(() -> !access(learner.toString(), first.toString(), learner.toString()));

        List<ConsumerRecord<String, byte[]>> events = KafkaSupport.awaitRecords(enrolmentTopic,
                record -> learner.toString().equals(record.key()), 4, Duration.ofSeconds(20));
        assertThat(events).extracting(r -> KafkaSupport.header(r, "ce_type")).containsExactly(
                EventCatalog.of(EnrolmentGranted.class).type(), EventCatalog.of(EnrolmentGranted.class).type(),
                EventCatalog.of(EnrolmentRevoked.class).type(), EventCatalog.of(EnrolmentRevoked.class).type());
        assertThat(database.count("SELECT count(*) FROM enrolment WHERE learner_id = '" + learner + "' AND source = 'PAYMENT'"
                + " AND source_ref = '" + payment + "'")).isEqualTo(2);
        assertThat(database.count("SELECT count(*) FROM enrolment WHERE learner_id = '" + learner + "'"))
                .as("the coaching hour granted nothing").isEqualTo(2);
    }

    @Test
    void a_running_subscription_opens_every_published_course_past_due_included_until_it_is_cancelled() {
        String trainer = UUID.randomUUID().toString();
        String course = publishedCourse(trainer, 590);
        UUID learner = UUID.randomUUID();
        UUID subscription = UUID.randomUUID();
        Instant start = Instant.now();
        assertThat(access(learner.toString(), course, learner.toString())).isFalse();

        subscriptionEvent(learner, EventCatalog.of(SubscriptionActivated.class).type(),
                new SubscriptionActivated(subscription, learner, "MONTHLY", start.plusSeconds(30 * 86400), start));
        await().atMost(Duration.ofSeconds(30)).until(() -> access(learner.toString(), course, learner.toString()));
        subscriptionEvent(learner, EventCatalog.of(SubscriptionPastDue.class).type(),
                new SubscriptionPastDue(subscription, learner, start.plusSeconds(60)));
        // an announcement older than what is known (a delayed redelivery) changes nothing
        subscriptionEvent(learner, EventCatalog.of(SubscriptionCancelled.class).type(),
                new SubscriptionCancelled(subscription, learner, start.minusSeconds(60)));
        await().atMost(Duration.ofSeconds(30)).until(() -> "PAST_DUE".equals(database.scalar(
                "SELECT status FROM learner_subscription WHERE learner_id = '" + learner + "'")));
        assertThat(access(learner.toString(), course, learner.toString())).as("past due keeps access").isTrue();

        subscriptionEvent(learner, EventCatalog.of(SubscriptionCancelled.class).type(),
                new SubscriptionCancelled(subscription, learner, start.plusSeconds(120)));
        await().atMost(Duration.ofSeconds(30)).until(() -> !access(learner.toString(), course, learner.toString()));
    }

    private static void subscriptionEvent(UUID learner, String type, fr.mecaformation.events.DomainEvent event) {
        KafkaSupport.sendCloudEvent(SubscriptionEvents.TOPIC, learner.toString(), UUID.randomUUID().toString(), type,
                "/payment-service", EventJson.write(event));
    }

    @Test
    void a_learner_orders_shares_and_unshares_a_playlist_that_no_one_else_can_read_or_change() {
        String trainer = UUID.randomUUID().toString();
        String courseId = publishedCourse(trainer, 0);
        String moduleId = module(trainer, courseId, "Module 1 : entretien courant");
        String first = lesson(trainer, moduleId, "Vidanger le moteur", "READING");
        String second = lesson(trainer, moduleId, "Remplacer le filtre à air", "READING");
        String draft = lesson(trainer, moduleId, "Brouillon du formateur", "READING");
        for (String lesson : List.of(first, second)) {
            asTrainer(trainer).post().uri("/api/catalog/lessons/{id}/publish", lesson).exchange().expectStatus().isOk();
        }
        String learner = UUID.randomUUID().toString();
        String playlist = (String) asStudent(learner).post().uri("/api/catalog/playlists").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("title", "À revoir avant l'examen")).exchange()
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("id");

        asStudent(learner).put().uri("/api/catalog/playlists/{id}/lessons", playlist).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("lessonIds", List.of(second, first))).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.lessons[0].title").isEqualTo("Remplacer le filtre à air")
                .jsonPath("$.lessons[1].title").isEqualTo("Vidanger le moteur");
        asStudent(learner).put().uri("/api/catalog/playlists/{id}/lessons", playlist).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("lessonIds", List.of(first, second))).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.lessons[0].title").isEqualTo("Vidanger le moteur");
        // drafts, unknown lessons and duplicates are refused, and the list stays as it was
        for (List<String> refused : List.of(List.of(first, draft), List.of(first, UUID.randomUUID().toString()), List.of(first, first))) {
            asStudent(learner).put().uri("/api/catalog/playlists/{id}/lessons", playlist).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("lessonIds", refused)).exchange().expectStatus().isBadRequest();
        }
        asStudent(learner).get().uri("/api/catalog/playlists/{id}", playlist).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.lessons.length()").isEqualTo(2);

        String intruder = UUID.randomUUID().toString();
        asStudent(intruder).get().uri("/api/catalog/playlists/{id}", playlist).exchange().expectStatus().isNotFound();
        asStudent(intruder).put().uri("/api/catalog/playlists/{id}/lessons", playlist).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("lessonIds", List.of())).exchange().expectStatus().isNotFound();
        asStudent(intruder).delete().uri("/api/catalog/playlists/{id}", playlist).exchange().expectStatus().isNotFound();

        String shareUrl = (String) asStudent(learner).post().uri("/api/catalog/playlists/{id}/share", playlist).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody().get("shareUrl");
        client.get().uri(shareUrl).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.title").isEqualTo("À revoir avant l'examen").jsonPath("$.lessons.length()").isEqualTo(2);
        asStudent(learner).delete().uri("/api/catalog/playlists/{id}/share", playlist).exchange().expectStatus().isNoContent();
        client.get().uri(shareUrl).exchange().expectStatus().isNotFound();
    }

    @Test
    void the_outline_shows_published_lessons_to_everyone_and_drafts_to_the_trainer_only() {
        String trainer = UUID.randomUUID().toString();
        String courseId = publishedCourse(trainer, 0);
        String moduleId = module(trainer, courseId, "Module 1 : les freins à disque");
        String reading = lesson(trainer, moduleId, "Lire une fiche constructeur", "READING");
        lesson(trainer, moduleId, "Démontage de l'étrier", "VIDEO");
        asTrainer(trainer).post().uri("/api/catalog/lessons/{id}/publish", reading).exchange().expectStatus().isOk();

        client.get().uri("/api/catalog/courses/{id}/outline", courseId).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.modules[0].title").isEqualTo("Module 1 : les freins à disque")
                .jsonPath("$.modules[0].lessons.length()").isEqualTo(1)
                .jsonPath("$.modules[0].lessons[0].title").isEqualTo("Lire une fiche constructeur");
        asTrainer(trainer).get().uri("/api/catalog/courses/{id}/outline", courseId).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.modules[0].lessons.length()").isEqualTo(2)
                .jsonPath("$.modules[0].lessons[1].position").isEqualTo(2);
        asTrainer(UUID.randomUUID().toString()).post().uri("/api/catalog/courses/{id}/modules", courseId)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("title", "Module pirate")).exchange()
                .expectStatus().isForbidden();
        asTrainer(trainer).post().uri("/api/catalog/modules/{id}/lessons", moduleId)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("title", "<script>x</script>", "kind", "VIDEO")).exchange()
                .expectStatus().isBadRequest();
        asTrainer(trainer).post().uri("/api/catalog/modules/{id}/lessons", moduleId)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("title", "Sans type", "kind", "PODCAST")).exchange()
                .expectStatus().isBadRequest();
    }

    private WebTestClient.ResponseSpec captions(String trainer, String lessonId, String language, String webVtt) {
        return asTrainer(trainer).put().uri("/api/catalog/lessons/{id}/captions/{language}", lessonId, language)
                .contentType(MediaType.valueOf("text/vtt")).bodyValue(webVtt).exchange();
    }

    /** In memory: the test's client runs on the server's event loop here, where reading a file would block it. */
    private static Resource bytesOf(Path file) {
        try {
            return new ByteArrayResource(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private WebTestClient.ResponseSpec upload(String trainer, String lessonId, Resource file, String name) {
        return asTrainer(trainer).post().uri("/api/catalog/lessons/{id}/video", lessonId)
                .body(BodyInserters.fromMultipartData(multipart(file, name))).exchange();
    }

    private static org.springframework.util.MultiValueMap<String, org.springframework.http.HttpEntity<?>> multipart(Resource file, String name) {
        MultipartBodyBuilder body = new MultipartBodyBuilder();
        body.part("file", file).filename(name).contentType(MediaType.valueOf("video/mp4"));
        return body.build();
    }

    private Map<?, ?> awaitVideo(String trainer, String videoId, String status) {
        return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).until(
                () -> asTrainer(trainer).get().uri("/api/catalog/videos/{id}", videoId).exchange()
                        .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody(),
                video -> status.equals(video.get("status")));
    }

    private boolean access(String asker, String courseId, String learnerId) {
        return Boolean.TRUE.equals(asStudent(asker).get().uri("/api/catalog/access?courseId={c}&learnerId={l}", courseId, learnerId)
                .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody().get("granted"));
    }

    private List<Path> storedFiles() throws IOException {
        try (Stream<Path> files = Files.walk(mediaRoot)) {
            return files.filter(Files::isRegularFile).filter(file -> !file.startsWith(mediaRoot.resolve("videos"))).toList();
        }
    }

    private String publishedCourse(String trainer, int price) {
        Map<?, ?> created = asTrainer(trainer).post().uri("/api/catalog/courses").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("title", "Freinage : disques et étriers " + UUID.randomUUID().toString().substring(0, 8),
                        "description", "Contrôle, démontage et remontage des freins à disque.",
                        "category", "FREINAGE", "level", "DEBUTANT", "price", price, "durationMinutes", 90))
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        String id = (String) created.get("id");
        asTrainer(trainer).post().uri("/api/catalog/courses/{id}/submit", id).exchange().expectStatus().isOk();
        asAdmin(UUID.randomUUID().toString()).post().uri("/api/catalog/courses/{id}/publish", id).exchange().expectStatus().isOk();
        return id;
    }

    private String videoLesson(String trainer, String courseId) {
        return lesson(trainer, module(trainer, courseId, "Module vidéo"), "Changer les plaquettes", "VIDEO");
    }

    private String module(String trainer, String courseId, String title) {
        return (String) asTrainer(trainer).post().uri("/api/catalog/courses/{id}/modules", courseId)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("title", title)).exchange()
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("id");
    }

    private String lesson(String trainer, String moduleId, String title, String kind) {
        return (String) asTrainer(trainer).post().uri("/api/catalog/modules/{id}/lessons", moduleId)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("title", title, "kind", kind)).exchange()
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("id");
    }

    private WebTestClient asTrainer(String subject) {
        return as(subject, "ROLE_trainer");
    }

    private WebTestClient asStudent(String subject) {
        return as(subject, "ROLE_student");
    }

    private WebTestClient asAdmin(String subject) {
        return as(subject, "ROLE_admin");
    }

    private WebTestClient as(String subject, String role) {
        return client.mutateWith(mockJwt().jwt(jwt -> jwt.subject(subject)).authorities(new SimpleGrantedAuthority(role)));
    }
}
