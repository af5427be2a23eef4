package fr.mecaformation.catalog;

import fr.mecaformation.testsupport.ServiceTestEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.mockJwt;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.springSecurity;

/** The French search of the published catalog against a real PostgreSQL (stemming, accents, trigrams, cursors). */
// a developer's configuration: throw-away signing keys (no key is configured here)
@ActiveProfiles("local")
@SpringBootTest
class CourseSearchIT {

    static final String TRAINER = UUID.randomUUID().toString();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ServiceTestEnvironment.register(registry, "catalog-service");
    }

    @Autowired
    ApplicationContext context;

    WebTestClient client;
    static boolean seeded;

    @BeforeEach
    void seedOnce() {
        client = WebTestClient.bindToApplicationContext(context).apply(springSecurity()).configureClient().build();
        if (seeded) {
            return;
        }
        publish("Freinage ABS et ESP", "Diagnostic du circuit de freinage, purge et capteurs de roue.", "FREINAGE", "INTERMEDIAIRE", "490.00", 540);
        publish("Plaquettes et disques de frein", "Remplacement des éléments de friction et contrôle des étriers.", "FREINAGE", "DEBUTANT", "190.00", 240);
        publish("Véhicules électriques : habilitation B1VL", "Sécurité électrique et consignation des batteries haute tension.", "HYBRIDE_ELECTRIQUE", "AVANCE", "890.00", 1260);
        publish("Climatisation automobile", "Recharge du circuit, détection de fuites, compresseur électrique.", "CLIMATISATION", "INTERMEDIAIRE", "390.00", 420);
        publish("Électricité de base", "Loi d'Ohm, multimètre, lecture de schémas électriques.", "ELECTRICITE", "DEBUTANT", "0.00", 180);
        draft("Freinage brouillon invisible", "Un brouillon ne sort jamais dans la recherche publique.");
        seeded = true;
    }

    @ParameterizedTest(name = "« {0} » finds « {1} »")
    @CsvSource({
            "frein, Freinage ABS et ESP",
            "frein, Plaquettes et disques de frein",
            "freinage, Freinage ABS et ESP",
            "electrique, Véhicules électriques : habilitation B1VL",
            "électrique, Climatisation automobile",
            "ELECTRICITE, Électricité de base",
            "clim, Climatisation automobile",
            "habilitation batteries, Véhicules électriques : habilitation B1VL"})
    void french_words_find_courses_whatever_their_form_and_accents(String words, String title) {
        assertThat(titles(search(words))).contains(title);
    }

    @Test
    void title_matches_rank_above_description_matches_and_drafts_never_show() {
        JsonNode result = search("frein");
        List<String> titles = titles(result);
        assertThat(titles).doesNotContain("Freinage brouillon invisible");
        assertThat(titles.get(0)).isIn("Freinage ABS et ESP", "Plaquettes et disques de frein");
        assertThat(result.get("total").asLong()).isEqualTo(2);
    }

    @Test
    void facets_count_matches_per_category_and_level_and_filters_narrow_the_hits() {
        JsonNode all = search("electrique");
        assertThat(all.at("/facets/category/HYBRIDE_ELECTRIQUE").asLong()).isEqualTo(1);
        assertThat(all.at("/facets/category/CLIMATISATION").asLong()).isEqualTo(1);
        assertThat(all.at("/facets/category/ELECTRICITE").asLong()).isEqualTo(1);

        JsonNode cheap = get("/api/catalog/search?q=electrique&maxPrice=400&category=CLIMATISATION");
        assertThat(titles(cheap)).containsExactly("Climatisation automobile");
        assertThat(cheap.get("total").asLong()).isEqualTo(1);
        // a dimension's counts ignore its own filter, so the other categories stay choosable
        assertThat(cheap.at("/facets/category/ELECTRICITE").asLong()).isEqualTo(1);
        assertThat(cheap.at("/facets/level/INTERMEDIAIRE").asLong()).isEqualTo(1);
    }

    @Test
    void skills_filter_the_hits_and_are_counted_as_a_facet() {
        JsonNode all = search("electrique");
        assertThat(all.at("/facets/skill/ELECTRICITE").asLong()).isEqualTo(2);
        assertThat(all.at("/facets/skill/VEHICULES_HYBRIDES_ELECTRIQUES").asLong()).isEqualTo(1);
        assertThat(all.at("/facets/skill/CLIMATISATION").asLong()).isEqualTo(1);

        JsonNode highVoltage = get("/api/catalog/search?q=electrique&skill=VEHICULES_HYBRIDES_ELECTRIQUES");
        assertThat(titles(highVoltage)).containsExactly("Véhicules électriques : habilitation B1VL");
        assertThat(highVoltage.get("total").asLong()).isEqualTo(1);
        assertThat(highVoltage.at("/items/0/skills").toString()).contains("ELECTRICITE", "VEHICULES_HYBRIDES_ELECTRIQUES");
        // the skill facet ignores its own filter; the others honour it
        assertThat(highVoltage.at("/facets/skill/ELECTRICITE").asLong()).isEqualTo(2);
        assertThat(highVoltage.at("/facets/category/CLIMATISATION").isMissingNode()).isTrue();
    }

    @Test
    void cursors_walk_every_hit_once_in_rank_order() {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = get("/api/catalog/search?q=e&size=1" + (cursor == null ? "" : "&cursor=" + cursor));
            seen.addAll(titles(page));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
        } while (cursor != null && seen.size() < 20);
        JsonNode oneShot = get("/api/catalog/search?q=e&size=50");
        assertThat(seen).containsExactlyElementsOf(titles(oneShot)).doesNotHaveDuplicates();
        assertThat(seen).hasSize((int) oneShot.get("total").asLong());
    }

    @Test
    void suggestions_forgive_typos() {
        assertThat(get("/api/catalog/suggestions?q=frienage").toString()).contains("Freinage ABS et ESP");
        assertThat(get("/api/catalog/suggestions?q=climatisaton").toString()).contains("Climatisation automobile");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/catalog/search?q=frein", "/api/catalog/courses?size=5", "/api/catalog/suggestions?q=clim"})
    void public_answers_carry_an_etag_and_come_back_as_304_when_unchanged(String uri) {
        var first = client.get().uri(uri).exchange()
                .expectStatus().isOk()
                .expectHeader().value("Cache-Control", value -> assertThat(value).contains("max-age=60").contains("public"))
                .expectBody(String.class).returnResult();
        String etag = first.getResponseHeaders().getETag();
        assertThat(etag).startsWith("W/\"");
        client.get().uri(uri).header("If-None-Match", etag).exchange()
                .expectStatus().isNotModified()
                .expectHeader().valueEquals("ETag", etag)
                .expectBody().isEmpty();
        client.get().uri(uri).header("If-None-Match", "W/\"autre-version\"").exchange().expectStatus().isOk();
        // with a token the answer may be personal (drafts): private, revalidated every time
        asTrainer().get().uri(uri).exchange().expectStatus().isOk()
                .expectHeader().value("Cache-Control", value -> assertThat(value).contains("private").contains("no-cache"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/catalog/search", "/api/catalog/search?q=", "/api/catalog/search?q=!!!",
            "/api/catalog/search?q=frein&cursor=pas-un-curseur", "/api/catalog/search?q=frein&size=500",
            "/api/catalog/search?q=frein&maxPrice=-1", "/api/catalog/search?q=frein&category=JARDINAGE", "/api/catalog/search?q=frein&skill=JARDINAGE",
            "/api/catalog/suggestions?q=a"})
    void bad_searches_are_400_problems(String uri) {
        client.get().uri(uri).exchange().expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void tsquery_operators_typed_by_a_learner_are_just_separators() {
        assertThat(search("frein' | !(:* <->").get("total").asLong()).isEqualTo(2);
        assertThat(search("frein' & !clim").get("total").asLong()).as("every term must match").isZero();
    }

    private JsonNode search(String words) {
        return client.get().uri(uri -> uri.path("/api/catalog/search").queryParam("q", words).build()).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private JsonNode get(String uri) {
        return client.get().uri(uri).exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private static List<String> titles(JsonNode result) {
        JsonNode items = result.has("items") ? result.get("items") : result;
        List<String> titles = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            titles.add(items.get(i).get("title").asString());
        }
        return titles;
    }

    private void publish(String title, String description, String category, String level, String price, int minutes) {
        String id = create(title, description, category, level, price, minutes);
        asTrainer().post().uri("/api/catalog/courses/{id}/submit", id).exchange().expectStatus().isOk();
        asAdmin().post().uri("/api/catalog/courses/{id}/publish", id).exchange().expectStatus().isOk();
    }

    private void draft(String title, String description) {
        create(title, description, "FREINAGE", "DEBUTANT", "10.00", 60);
    }

    private String create(String title, String description, String category, String level, String price, int minutes) {
        return asTrainer().post().uri("/api/catalog/courses").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("""
                        {"title":"%s","description":"%s","category":"%s","level":"%s","price":%s,"durationMinutes":%d,
                         "skills":%s}"""
                        .formatted(title, description, category, level, price, minutes, skillsOf(category)))
                .exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("id").asString();
    }

    private static String skillsOf(String category) {
        return switch (category) {
            case "HYBRIDE_ELECTRIQUE" -> "[\"VEHICULES_HYBRIDES_ELECTRIQUES\",\"ELECTRICITE\"]";
            case "ELECTRICITE" -> "[\"ELECTRICITE\"]";
            case "CLIMATISATION" -> "[\"CLIMATISATION\"]";
            default -> "[\"FREINAGE\"]";
        };
    }

    private WebTestClient asAdmin() {
        return client.mutateWith(mockJwt().jwt(jwt -> jwt.subject(UUID.randomUUID().toString())).authorities(new SimpleGrantedAuthority("ROLE_admin")));
    }

    private WebTestClient asTrainer() {
        return client.mutateWith(mockJwt().jwt(jwt -> jwt.subject(TRAINER)).authorities(new SimpleGrantedAuthority("ROLE_trainer")));
    }
}
