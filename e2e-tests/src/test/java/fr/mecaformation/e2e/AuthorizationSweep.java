package fr.mecaformation.e2e;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A BOLA/BFLA sweep that cannot forget a route: every operation the services document (their OpenAPI documents,
 * aggregated by the gateway) must have a rule here, and every rule must name a documented operation, so a new route
 * fails the suite until someone says who may call it. Each operation is then called
 * <ul>
 *     <li>without a token: 401, unless it is public;</li>
 *     <li>with a student's token when it is for trainers, admins or partners: 403 (a trainer's token too for admin
 *     operations);</li>
 *     <li>with another learner's token and the owner's object ids when it reaches someone's objects: 403 or 404, after
 *     the owner's own read of those ids succeeded (so the ids are real and a 404 means "not yours", not "no such
 *     thing").</li>
 * </ul>
 * The public operations are checked to be exactly those the gateway lets through without a token.
 */
final class AuthorizationSweep {

    /** Who may call an operation. */
    enum Access {
        /** Anyone, without a token (the gateway's public paths). */
        PUBLIC,
        /** Any signed-in person, about themselves: no other person's ids in the call. */
        PERSON,
        /** A signed-in person, about an object of theirs named in the path or query: another learner gets 403/404. */
        OWNED,
        /** Trainers and admins. */
        STAFF,
        /** Admins only. */
        ADMIN,
        /** A partner company's client (client credentials). */
        PARTNER
    }

    /**
     * @param access who may call
     * @param body   a well-formed body for the call, so a refusal can't be a validation error in disguise
     * @param ownerReads whether the owner's own call with the same ids is made and must succeed (reads only: the sweep
     *                   never changes the owner's data)
     * @param contentType the body's type: an operation that consumes another type is not even mapped without it (415)
     */
    record Rule(Access access, String body, boolean ownerReads, String contentType) {
        Rule(Access access, String body, boolean ownerReads) {
            this(access, body, ownerReads, "application/json");
        }
    }

    record Operation(String method, String path, List<String> requiredQuery) {
        String key() {
            return method + " " + path;
        }
    }

    /** The ids of the owner's objects (and of the staff's objects a student must not reach), by kind. */
    record Fixtures(Map<String, String> ids) {
        String of(String kind) {
            String id = ids.get(kind);
            if (id == null) {
                throw new IllegalStateException("no fixture for " + kind);
            }
            return id;
        }
    }

    record Tokens(String owner, String otherLearner, String student, String trainer) {
    }

    private static Rule rule(Access access) {
        return new Rule(access, null, false);
    }

    private static Rule owned(boolean ownerReads) {
        return new Rule(Access.OWNED, null, ownerReads);
    }

    private static Rule owned(String body) {
        return new Rule(Access.OWNED, body, false);
    }

    private static Rule staff(String body) {
        return new Rule(Access.STAFF, body, false);
    }

    private static Rule admin(String body) {
        return new Rule(Access.ADMIN, body, false);
    }

    private static final String COURSE = """
            {"title":"Balayage des droits","description":"Un cours que personne ne doit pouvoir modifier ici.",
             "category":"FREINAGE","level":"DEBUTANT","price":0,"durationMinutes":30}""";
    private static final String HEARTBEAT = """
            {"sessionId":"6f7d2c1e-1b1a-4f5e-9a43-0c2b9f1d1a11","positionSeconds":1,"playing":true,"playbackRate":1,
             "clientAt":"%s"}""";

    private static final String AVAILABILITY = """
            {"zone":"Europe/Paris","bufferBeforeMinutes":0,"bufferAfterMinutes":0,"minimumNoticeMinutes":0,
             "maximumAdvanceDays":30,"weekly":[{"day":"MONDAY","start":"09:00","end":"10:00"}]}""";
    private static final String SESSION = """
            {"kind":"WEBINAR","title":"Webinaire pirate","zone":"Europe/Paris","startsAt":"2030-01-07T09:00:00Z",
             "endsAt":"2030-01-07T10:00:00Z","capacity":10}""";
    private static final String ROOM = """
            {"name":"Salle pirate","zone":"Europe/Paris","weekly":[{"day":"MONDAY","start":"08:00","end":"18:00"}]}""";
    private static final String INTERNSHIP = """
            {"title":"Stage pirate","trade":"FREINAGE","departement":"69","startsOn":"2030-01-07","endsOn":"2030-02-01",
             "requiredSkills":[],"places":1}""";
    private static final String RULE_SET = """
            {"basedOn":1,"levels":[0,100],"rules":[{"code":"lesson_completed","trigger":"LESSON_COMPLETED","xp":1000}]}""";
    private static final String REWARD = """
            {"code":"balayage","title":"Récompense pirate","kind":"DISCOUNT","costXp":1,"percentOff":100}""";

    /** Every documented operation and who may call it. A route missing here fails the sweep. */
    static final Map<String, Rule> RULES = rules();

    private static Map<String, Rule> rules() {
        Map<String, Rule> rules = new LinkedHashMap<>();
        // auth-service
        rules.put("POST /api/auth/register", rule(Access.PUBLIC));
        rules.put("GET /api/auth/me", rule(Access.PERSON));
        rules.put("PUT /api/auth/me", rule(Access.PERSON));
        rules.put("DELETE /api/auth/me", rule(Access.PERSON));
        rules.put("GET /api/auth/me/export", rule(Access.PERSON));
        rules.put("GET /api/auth/me/invitations", rule(Access.PERSON));
        // another learner can't accept or decline an invitation that was sent to the owner
        rules.put("POST /api/auth/me/invitations/{cohortId}/accept", owned(false));
        rules.put("POST /api/auth/me/invitations/{cohortId}/decline", owned(false));
        rules.put("GET /api/auth/users/{userId}", owned(true));
        rules.put("POST /api/auth/cohorts", staff("{\"name\":\"Promo balayage\"}"));
        rules.put("GET /api/auth/cohorts", rule(Access.STAFF));
        rules.put("POST /api/auth/cohorts/{cohortId}/invitations", staff("{\"email\":\"lina.garcia@meca.demo\"}"));
        rules.put("GET /api/auth/cohorts/{cohortId}/learners", rule(Access.STAFF));
        rules.put("POST /api/auth/cohorts/{cohortId}/learners", admin("{\"userId\":\"%learner%\"}"));
        rules.put("GET /api/auth/admin/users", rule(Access.ADMIN));
        rules.put("PUT /api/auth/admin/users/{userId}/roles/{role}", rule(Access.ADMIN));
        rules.put("DELETE /api/auth/admin/users/{userId}/roles/{role}", rule(Access.ADMIN));
        rules.put("PUT /api/auth/admin/users/{userId}/legal-name",
                admin("{\"firstName\":\"Tom\",\"lastName\":\"Usurpé\"}"));
        rules.put("POST /api/auth/admin/users/{userId}/disable", rule(Access.ADMIN));
        rules.put("POST /api/auth/admin/users/{userId}/enable", rule(Access.ADMIN));
        rules.put("GET /api/auth/admin/partners", rule(Access.ADMIN));
        rules.put("POST /api/auth/admin/partners", admin("{\"company\":\"Garage balayage\",\"contactEmail\":\"rh@garage.example\",\"scopes\":[\"INTERNSHIPS_WRITE\"]}"));
        rules.put("POST /api/auth/admin/partners/{partnerId}/secret", rule(Access.ADMIN));
        rules.put("DELETE /api/auth/admin/partners/{partnerId}", rule(Access.ADMIN));
        rules.put("GET /api/auth/partner/me", rule(Access.PARTNER));

        // catalog-service
        rules.put("GET /api/catalog/courses", rule(Access.PUBLIC));
        rules.put("GET /api/catalog/courses/{id}", rule(Access.PUBLIC));
        rules.put("GET /api/catalog/search", rule(Access.PUBLIC));
        rules.put("GET /api/catalog/suggestions", rule(Access.PUBLIC));
        rules.put("GET /api/catalog/courses/{courseId}/outline", rule(Access.PUBLIC));
        rules.put("GET /api/catalog/courses/{id}/prerequisites", rule(Access.PUBLIC));
        rules.put("GET /api/catalog/shared-playlists/{token}", rule(Access.PUBLIC));
        rules.put("GET /api/catalog/media/{token}/{file}", rule(Access.PUBLIC));
        rules.put("GET /api/catalog/my-courses", rule(Access.PERSON));
        rules.put("GET /api/catalog/me/enrolments", rule(Access.PERSON));
        rules.put("POST /api/catalog/courses/{courseId}/enrolment", rule(Access.PERSON));
        // whether a learner may read a course: asked with the learner's own token, so never about someone else
        rules.put("GET /api/catalog/access", owned(true));
        rules.put("POST /api/catalog/courses", staff(COURSE));
        rules.put("PUT /api/catalog/courses/{id}", staff(COURSE));
        rules.put("POST /api/catalog/courses/{id}/submit", rule(Access.STAFF));
        rules.put("POST /api/catalog/courses/{id}/publish", rule(Access.ADMIN));
        rules.put("POST /api/catalog/courses/{id}/reject", admin("{\"comment\":\"À revoir\"}"));
        rules.put("GET /api/catalog/admin/reviews", rule(Access.ADMIN));
        rules.put("PUT /api/catalog/admin/courses/{courseId}/enrolments/{learnerId}", rule(Access.ADMIN));
        rules.put("DELETE /api/catalog/admin/courses/{courseId}/enrolments/{learnerId}", rule(Access.ADMIN));
        rules.put("PUT /api/catalog/courses/{id}/prerequisites", staff("{\"prerequisites\":[]}"));
        rules.put("POST /api/catalog/courses/{courseId}/modules", staff("{\"title\":\"Module pirate\"}"));
        rules.put("POST /api/catalog/modules/{moduleId}/lessons", staff("{\"title\":\"Leçon pirate\",\"kind\":\"READING\"}"));
        rules.put("POST /api/catalog/lessons/{lessonId}/publish", rule(Access.STAFF));
        rules.put("PUT /api/catalog/lessons/{lessonId}/captions/{language}",
                new Rule(Access.STAFF, "WEBVTT\n\n00:00.000 --> 00:02.000\nPurge du circuit\n", false, "text/vtt"));
        rules.put("PUT /api/catalog/lessons/{lessonId}/chapters", staff("{\"chapters\":[{\"startSeconds\":0,\"title\":\"Début\"}]}"));
        rules.put("POST /api/catalog/lessons/{lessonId}/video", new Rule(Access.STAFF,
                "--balayage\r\nContent-Disposition: form-data; name=\"file\"; filename=\"v.mp4\"\r\nContent-Type: video/mp4\r\n\r\n"
                        + "x\r\n--balayage--\r\n", false, "multipart/form-data; boundary=balayage"));
        rules.put("GET /api/catalog/videos/{videoId}", rule(Access.STAFF));
        // the lesson of a course the other learner is not enrolled in
        rules.put("POST /api/catalog/lessons/{lessonId}/playback", owned(false));
        rules.put("POST /api/catalog/playlists", rule(Access.PERSON));
        rules.put("GET /api/catalog/playlists", rule(Access.PERSON));
        rules.put("GET /api/catalog/playlists/{id}", owned(true));
        rules.put("PUT /api/catalog/playlists/{id}/lessons", owned("{\"lessonIds\":[]}"));
        rules.put("POST /api/catalog/playlists/{id}/share", owned(false));
        rules.put("DELETE /api/catalog/playlists/{id}/share", owned(false));
        rules.put("DELETE /api/catalog/playlists/{id}", owned(false));

        // payment-service
        rules.put("POST /api/payments/webhooks/stripe", rule(Access.PUBLIC));
        rules.put("POST /api/payments/checkout", rule(Access.PERSON));
        rules.put("POST /api/payments/bundles/{bundleId}/checkout", rule(Access.PERSON));
        rules.put("POST /api/payments/coaching/checkout", rule(Access.PERSON));
        rules.put("POST /api/payments/subscriptions/checkout", rule(Access.PERSON));
        rules.put("GET /api/payments/bundles", rule(Access.PERSON));
        rules.put("GET /api/payments/me/coupons", rule(Access.PERSON));
        rules.put("GET /api/payments/me/invoices", rule(Access.PERSON));
        rules.put("GET /api/payments/purchases", rule(Access.PERSON));
        rules.put("GET /api/payments/purchases/{purchaseId}/receipt", owned(true));
        // subscription invoices are Stripe's ids: the owner has none here, so only the refusal is checked
        rules.put("GET /api/payments/me/invoices/{invoiceId}/pdf", owned(false));
        rules.put("GET /api/payments/admin/bundles", rule(Access.ADMIN));
        rules.put("POST /api/payments/admin/bundles", admin("{\"title\":\"Pack balayage\",\"courseIds\":[\"%course%\",\"%course%\"],\"price\":10}"));
        rules.put("DELETE /api/payments/admin/bundles/{bundleId}", rule(Access.ADMIN));
        rules.put("GET /api/payments/admin/coupons", rule(Access.ADMIN));
        rules.put("POST /api/payments/admin/coupons", admin("{\"code\":\"BALAYAGE\",\"percentOff\":10}"));
        rules.put("DELETE /api/payments/admin/coupons/{couponId}", rule(Access.ADMIN));
        rules.put("POST /api/payments/admin/purchases/{purchaseId}/refunds", admin("{\"amount\":1.00,\"reason\":\"REQUESTED_BY_CUSTOMER\"}"));
        rules.put("GET /api/payments/admin/revenue", rule(Access.ADMIN));

        // progress-service
        rules.put("GET /api/progress/certificates/keys", rule(Access.PUBLIC));
        rules.put("GET /api/progress/certificates/log/head", rule(Access.PUBLIC));
        rules.put("GET /api/progress/certificates/log/consistency", rule(Access.PUBLIC));
        rules.put("GET /api/progress/certificates/revocations", rule(Access.PUBLIC));
        rules.put("GET /api/progress/certificates/{certificateId}", rule(Access.PUBLIC));
        rules.put("GET /api/progress/certificates/{certificateId}/page", rule(Access.PUBLIC));
        rules.put("POST /api/progress/certificates/verification", rule(Access.PUBLIC));
        rules.put("GET /api/progress/certificates/{certificateId}/pdf", owned(true));
        rules.put("GET /api/progress/me/certificates", rule(Access.PERSON));
        rules.put("GET /api/progress/me/courses", rule(Access.PERSON));
        rules.put("GET /api/progress/me/resume", rule(Access.PERSON));
        rules.put("POST /api/progress/sync", rule(Access.PERSON));
        rules.put("GET /api/progress/courses/{courseId}", owned(true));
        rules.put("POST /api/progress/lessons/{lessonId}/heartbeat", owned(HEARTBEAT));
        rules.put("POST /api/progress/lessons/{lessonId}/completion", owned(false));
        rules.put("GET /api/progress/lessons/{lessonId}/notes", owned(true));
        rules.put("POST /api/progress/lessons/{lessonId}/notes",
                owned("{\"noteId\":\"0b8f7f36-53a4-4ab1-8f1e-3d3c6e2a9b10\",\"positionSeconds\":0,\"markdown\":\"pirate\"}"));
        rules.put("GET /api/progress/notes/{noteId}", owned(true));
        rules.put("PUT /api/progress/notes/{noteId}", owned("{\"version\":1,\"positionSeconds\":0,\"markdown\":\"pirate\"}"));
        rules.put("DELETE /api/progress/notes/{noteId}", owned(false));
        rules.put("GET /api/progress/lessons/{lessonId}/quiz", owned(false));
        rules.put("POST /api/progress/lessons/{lessonId}/quiz/attempts",
                owned("{\"attemptId\":\"2d1c4f0e-9f7e-4a7b-8f57-1f0a1c2b3d4e\",\"quizVersion\":1,\"answers\":[]}"));
        rules.put("PUT /api/progress/lessons/{lessonId}/quiz", staff("{\"passMarkPercent\":80,\"questions\":[]}"));
        rules.put("GET /api/progress/lessons/{lessonId}/quiz/definition", rule(Access.STAFF));
        rules.put("GET /api/progress/trainer/learners", rule(Access.STAFF));
        rules.put("GET /api/progress/trainer/learners/{learnerId}/courses/{courseId}", rule(Access.STAFF));
        rules.put("POST /api/progress/admin/certificates/{certificateId}/revocation", admin("{\"reason\":\"FRAUD\"}"));

        // booking-service
        rules.put("PUT /api/booking/trainer/availability/{kind}", staff(AVAILABILITY));
        rules.put("GET /api/booking/trainer/availability/{kind}", rule(Access.STAFF));
        // any learner lists any trainer's free slots: they name nobody's booking
        rules.put("GET /api/booking/trainers/{trainerId}/slots", rule(Access.PERSON));
        rules.put("POST /api/booking/bookings", rule(Access.PERSON));
        rules.put("GET /api/booking/bookings/{id}", owned(true));
        rules.put("GET /api/booking/bookings/{id}/calendar", owned(true));
        rules.put("POST /api/booking/bookings/{id}/cancellation", owned("{\"reason\":\"pirate\"}"));
        rules.put("POST /api/booking/bookings/{id}/reschedule", owned("{\"start\":\"%s\"}"));
        // the certificate exists once the trainer marked the presence: only the refusal is checked
        rules.put("GET /api/booking/bookings/{id}/attendance-certificate", owned(false));
        rules.put("GET /api/booking/me/bookings", rule(Access.PERSON));
        rules.put("POST /api/booking/me/calendar-feed", rule(Access.PERSON));
        rules.put("DELETE /api/booking/me/calendar-feed", rule(Access.PERSON));
        // calendar apps send no token: the unguessable token in the path is the credential
        rules.put("GET /api/booking/calendar-feeds/{token}.ics", rule(Access.PUBLIC));
        rules.put("GET /api/booking/trainer/bookings", rule(Access.STAFF));
        rules.put("PUT /api/booking/trainer/bookings/{id}/attendance", staff("{\"present\":true}"));
        rules.put("GET /api/booking/admin/coaching-payments/refunds-due", rule(Access.ADMIN));
        rules.put("POST /api/booking/trainer/sessions", staff(SESSION));
        rules.put("POST /api/booking/trainer/sessions/{id}/cancellation", staff("{\"reason\":\"pirate\"}"));
        rules.put("GET /api/booking/trainer/sessions/{id}/attendees", rule(Access.STAFF));
        // webinars and mock exams are listed to every learner; a seat or a place in line is the caller's own
        rules.put("GET /api/booking/sessions", rule(Access.PERSON));
        rules.put("GET /api/booking/sessions/{id}", rule(Access.PERSON));
        rules.put("POST /api/booking/sessions/{id}/seat", rule(Access.PERSON));
        rules.put("POST /api/booking/sessions/{id}/waitlist", rule(Access.PERSON));
        rules.put("GET /api/booking/me/waitlist", rule(Access.PERSON));
        rules.put("GET /api/booking/waitlist/{entryId}", owned(true));
        rules.put("POST /api/booking/waitlist/{entryId}/acceptance", owned(false));
        // the owner's advice is remote: its video room is theirs (and their trainer's); the session's is its seat holders'
        rules.put("GET /api/booking/bookings/{id}/video", owned(true));
        rules.put("GET /api/booking/sessions/{id}/video", owned(false));
        rules.put("POST /api/booking/bookings/{id}/sign-in", owned(false));
        rules.put("POST /api/booking/admin/resources", admin(ROOM));
        rules.put("PUT /api/booking/admin/resources/{id}/availability",
                admin("{\"zone\":\"Europe/Paris\",\"weekly\":[{\"day\":\"MONDAY\",\"start\":\"08:00\",\"end\":\"18:00\"}]}"));
        rules.put("GET /api/booking/resources", rule(Access.STAFF));
        rules.put("GET /api/booking/resources/{id}", rule(Access.STAFF));
        // internships: partners publish and decide on their own offers (another partner's are 404: InternshipApiIT),
        // learners see offers matched to them and apply
        rules.put("POST /api/booking/internships", new Rule(Access.PARTNER, INTERNSHIP, false));
        rules.put("GET /api/booking/internships/published", rule(Access.PARTNER));
        rules.put("GET /api/booking/internships/{offerId}/applications", rule(Access.PARTNER));
        rules.put("POST /api/booking/internships/{offerId}/applications/{applicationId}/acceptance", rule(Access.PARTNER));
        rules.put("POST /api/booking/internships/{offerId}/applications/{applicationId}/refusal", rule(Access.PARTNER));
        rules.put("GET /api/booking/internships/matches", rule(Access.PERSON));
        rules.put("GET /api/booking/internships/{offerId}", rule(Access.PERSON));
        rules.put("POST /api/booking/internships/{offerId}/applications", rule(Access.PERSON));
        rules.put("GET /api/booking/me/internship-applications", rule(Access.PERSON));

        // gamification-service
        rules.put("GET /api/gamification/me", rule(Access.PERSON));
        rules.put("GET /api/gamification/me/history", rule(Access.PERSON));
        rules.put("PUT /api/gamification/me/preferences", rule(Access.PERSON));
        rules.put("GET /api/gamification/me/redemptions", rule(Access.PERSON));
        rules.put("GET /api/gamification/badges", rule(Access.PERSON));
        rules.put("GET /api/gamification/levels", rule(Access.PERSON));
        rules.put("GET /api/gamification/rewards", rule(Access.PERSON));
        // a redemption spends the caller's own XP, whichever reward it names
        rules.put("POST /api/gamification/rewards/{rewardId}/redemptions", rule(Access.PERSON));
        rules.put("GET /api/gamification/leaderboards/global", rule(Access.PERSON));
        rules.put("GET /api/gamification/leaderboards/global/around-me", rule(Access.PERSON));
        // a cohort's board is for its members (the owner is only invited here): another learner gets 404
        rules.put("GET /api/gamification/leaderboards/cohorts/{cohortId}", owned(false));
        rules.put("GET /api/gamification/leaderboards/cohorts/{cohortId}/around-me", owned(false));
        rules.put("GET /api/gamification/admin/rules", rule(Access.ADMIN));
        rules.put("GET /api/gamification/admin/rules/{version}", rule(Access.ADMIN));
        rules.put("POST /api/gamification/admin/rules", admin(RULE_SET));
        rules.put("POST /api/gamification/admin/rewards", admin(REWARD));
        rules.put("POST /api/gamification/admin/rebuild", rule(Access.ADMIN));
        rules.put("POST /api/gamification/admin/badges/credentials/{credentialId}/revocation", admin("{\"reason\":\"FRAUD\"}"));
        // badge credentials are checked as certificates are: by anyone, without an account
        rules.put("GET /api/gamification/badges/credentials/keys", rule(Access.PUBLIC));
        rules.put("GET /api/gamification/badges/credentials/log/head", rule(Access.PUBLIC));
        rules.put("GET /api/gamification/badges/credentials/log/consistency", rule(Access.PUBLIC));
        rules.put("GET /api/gamification/badges/credentials/revocations", rule(Access.PUBLIC));
        rules.put("GET /api/gamification/badges/credentials/{credentialId}", rule(Access.PUBLIC));
        rules.put("POST /api/gamification/badges/credentials/verification", rule(Access.PUBLIC));
        return rules;
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern VARIABLE = Pattern.compile("\\{\\*?(\\w+)}");

    private final String gateway;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> violations = new ArrayList<>();
    private int calls;

    AuthorizationSweep(String gateway) {
        this.gateway = gateway;
    }

    /** Every operation of the services' OpenAPI documents, as the gateway serves them. */
    List<Operation> documentedOperations(List<String> documents) {
        List<Operation> operations = new ArrayList<>();
        for (String document : documents) {
            HttpResponse<String> response = send("GET", "/v3/api-docs/" + document, null, null);
            if (response.statusCode() != 200) {
                throw new AssertionError("the gateway did not serve /v3/api-docs/" + document + ": " + response.statusCode());
            }
            JsonNode paths = JSON.readTree(response.body()).get("paths");
            for (Map.Entry<String, JsonNode> path : paths.properties()) {
                for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                    String method = operation.getKey().toUpperCase(Locale.ROOT);
                    if (!Set.of("GET", "POST", "PUT", "DELETE", "PATCH").contains(method)) {
                        continue;
                    }
                    List<String> query = new ArrayList<>();
                    JsonNode parameters = operation.getValue().get("parameters");
                    if (parameters != null) {
                        parameters.forEach(parameter -> {
                            if ("query".equals(parameter.path("in").asString()) && parameter.path("required").asBoolean(false)) {
                                query.add(parameter.get("name").asString());
                            }
                        });
                    }
                    operations.add(new Operation(method, path.getKey(), query));
                }
            }
        }
        return operations;
    }

    /** Rules missing for documented operations, and rules naming no documented operation. */
    static List<String> unruled(List<Operation> operations) {
        List<String> problems = new ArrayList<>();
        Set<String> documented = new TreeSet<>();
        operations.forEach(operation -> documented.add(operation.key()));
        documented.stream().filter(key -> !RULES.containsKey(key))
                .forEach(key -> problems.add("documented but without a rule: " + key));
        RULES.keySet().stream().filter(key -> !documented.contains(key))
                .forEach(key -> problems.add("a rule for an undocumented operation: " + key));
        return problems;
    }

    /**
     * The operations the rules call public against those the gateway lets through without a token (its
     * application.yml, the first document: the defaults every profile shares).
     */
    static List<String> publicPathsDisagreeing(List<Operation> operations, Path gatewayConfiguration) {
        Map<String, List<PathPattern>> gatewayPublic = gatewayPublicPatterns(gatewayConfiguration);
        List<String> problems = new ArrayList<>();
        Set<PathPattern> used = new java.util.HashSet<>();
        for (Operation operation : operations) {
            Rule rule = RULES.get(operation.key());
            if (rule == null) {
                continue;
            }
            PathContainer sample = PathContainer.parsePath(VARIABLE.matcher(operation.path()).replaceAll("x"));
            List<PathPattern> matching = gatewayPublic.getOrDefault(operation.method(), List.of()).stream()
                    .filter(pattern -> pattern.matches(sample)).toList();
            used.addAll(matching);
            boolean gatewaySaysPublic = !matching.isEmpty();
            if (gatewaySaysPublic != (rule.access() == Access.PUBLIC)) {
                problems.add(operation.key() + ": the sweep says " + rule.access() + ", the gateway "
                        + (gatewaySaysPublic ? "lets it through without a token" : "requires a token"));
            }
        }
        gatewayPublic.values().stream().flatMap(List::stream).filter(pattern -> !used.contains(pattern))
                .forEach(pattern -> problems.add("the gateway opens " + pattern.getPatternString() + " but no documented operation is there"));
        return problems;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, List<PathPattern>> gatewayPublicPatterns(Path configuration) {
        try (InputStream in = Files.newInputStream(configuration)) {
            Map<String, Object> defaults = (Map<String, Object>) new Yaml().loadAll(in).iterator().next();
            Map<String, Object> gateway = (Map<String, Object>) ((Map<String, Object>) defaults.get("meca")).get("gateway");
            PathPatternParser parser = new PathPatternParser();
            Map<String, List<PathPattern>> patterns = new LinkedHashMap<>();
            patterns.put("GET", ((List<String>) gateway.get("public-get-paths")).stream().map(parser::parse).toList());
            patterns.put("POST", ((List<String>) gateway.get("public-post-paths")).stream().map(parser::parse).toList());
            return patterns;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Calls every operation as the rules say it must be refused; the refusals that did not happen are returned. */
    List<String> sweep(List<Operation> operations, Tokens tokens, Fixtures fixtures) {
        for (Operation operation : operations) {
            Rule rule = RULES.get(operation.key());
            if (rule == null || rule.access() == Access.PUBLIC) {
                continue;
            }
            String target = concrete(operation, fixtures);
            String body = rule.body() == null ? null : rule.body()
                    .replace("%course%", fixtures.of("course")).replace("%learner%", fixtures.of("owner"))
                    .formatted(java.time.Instant.now());
            expect(operation, "sans jeton", send(operation.method(), target, null, body, rule.contentType()), Set.of(401));
            switch (rule.access()) {
                case STAFF, PARTNER -> expect(operation, "apprenti", send(operation.method(), target, tokens.student(), body, rule.contentType()), Set.of(403));
                case ADMIN -> {
                    expect(operation, "apprenti", send(operation.method(), target, tokens.student(), body, rule.contentType()), Set.of(403));
                    expect(operation, "formateur", send(operation.method(), target, tokens.trainer(), body, rule.contentType()), Set.of(403));
                }
                case OWNED -> {
                    if (rule.ownerReads()) {
                        HttpResponse<String> own = send(operation.method(), target, tokens.owner(), body, rule.contentType());
                        if (own.statusCode() / 100 != 2) {
                            violations.add(operation.key() + " → " + target + ": the owner's own call answered "
                                    + own.statusCode() + ", so the ids prove nothing: " + abbreviated(own.body()));
                        }
                    }
                    expect(operation, "autre apprenti", send(operation.method(), target, tokens.otherLearner(), body, rule.contentType()), Set.of(403, 404));
                }
                case PERSON, PUBLIC -> {
                }
            }
        }
        return violations;
    }

    int calls() {
        return calls;
    }

    private void expect(Operation operation, String caller, HttpResponse<String> response, Set<Integer> allowed) {
        if (!allowed.contains(response.statusCode())) {
            violations.add(operation.key() + " as " + caller + ": " + response.statusCode() + " (expected " + allowed + ") "
                    + abbreviated(response.body()));
        } else if (!response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
            violations.add(operation.key() + " as " + caller + ": " + response.statusCode() + " without a problem+json body");
        }
    }

    /** The operation's path with the fixtures' ids in its variables and required query parameters. */
    static String concrete(Operation operation, Fixtures fixtures) {
        Matcher variables = VARIABLE.matcher(operation.path());
        StringBuilder path = new StringBuilder();
        while (variables.find()) {
            String before = operation.path().substring(0, variables.start());
            String collection = before.replaceAll(".*/([^/]+)/$", "$1");
            variables.appendReplacement(path, Matcher.quoteReplacement(fixtures.of(kindOf(collection, variables.group(1)))));
        }
        variables.appendTail(path);
        if (!operation.requiredQuery().isEmpty()) {
            StringBuilder query = new StringBuilder();
            for (String name : operation.requiredQuery()) {
                query.append(query.isEmpty() ? "?" : "&").append(name).append('=')
                        .append(URLEncoder.encode(fixtures.of(kindOf("", name)), StandardCharsets.UTF_8));
            }
            path.append(query);
        }
        return path.toString();
    }

    /** Which fixture a path variable names, from the collection before it ({@code playlists/{id}} is a playlist). */
    private static String kindOf(String collection, String variable) {
        return switch (variable) {
            case "id" -> switch (collection) {
                case "playlists" -> "playlist";
                case "courses" -> "course";
                case "bookings" -> "booking";
                case "sessions" -> "session";
                case "resources" -> "resource";
                default -> throw new IllegalStateException("an {id} after " + collection + ": add its fixture");
            };
            case "courseId" -> "course";
            case "userId", "learnerId" -> "owner";
            case "lessonId" -> "lesson";
            case "moduleId" -> "module";
            case "noteId" -> "note";
            case "certificateId" -> "certificate";
            case "purchaseId" -> "purchase";
            case "cohortId" -> "cohort";
            case "videoId" -> "video";
            case "invoiceId" -> "invoice";
            case "bundleId" -> "bundle";
            case "couponId" -> "coupon";
            case "partnerId" -> "partner";
            case "role" -> "role";
            case "trainerId" -> "trainer";
            // a booking kind: in the path of availability rules, in the query of slot listings
            case "kind" -> "booking-kind";
            case "entryId" -> "waitlist-entry";
            case "rewardId" -> "reward";
            case "offerId" -> "internship";
            case "applicationId" -> "internship-application";
            case "credentialId" -> "badge-credential";
            case "version" -> "rule-version";
            case "language" -> "language";
            // the months of a revenue report
            case "from" -> "month-from";
            case "to" -> "month-to";
            default -> throw new IllegalStateException("no fixture kind for {" + variable + "} after " + collection);
        };
    }

    private static String abbreviated(String body) {
        return body == null ? "" : body.length() > 200 ? body.substring(0, 200) + "…" : body;
    }

    /**
     * One call, paced: the gateway's rate limit is small in the suite, and a 429 says nothing about authorization,
     * so the sweep waits as Retry-After says and asks again.
     */
    HttpResponse<String> send(String method, String path, String token, String body) {
        return send(method, path, token, body, "application/json");
    }

    private HttpResponse<String> send(String method, String path, String token, String body, String contentType) {
        for (int attempt = 0; ; attempt++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + path)).timeout(Duration.ofSeconds(20))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                request.header("Content-Type", contentType);
            }
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            try {
                calls++;
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 429 || attempt >= 20) {
                    return response;
                }
                long seconds = response.headers().firstValue("Retry-After").map(Long::parseLong).orElse(1L);
                Thread.sleep(seconds * 1000);
            } catch (IOException e) {
                throw new AssertionError("no answer from " + method + " " + path + ": " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
