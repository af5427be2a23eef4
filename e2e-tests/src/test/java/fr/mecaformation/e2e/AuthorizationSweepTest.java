package fr.mecaformation.e2e;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The sweep's own bookkeeping, without a platform: it must notice what it is there to notice. */
class AuthorizationSweepTest {

    private static final Path GATEWAY_CONFIGURATION = Path.of("..", "gateway/src/main/resources/application.yml");

    private static List<AuthorizationSweep.Operation> everyRuledOperation() {
        List<AuthorizationSweep.Operation> operations = new ArrayList<>();
        AuthorizationSweep.RULES.keySet().forEach(key -> {
            String[] parts = key.split(" ", 2);
            operations.add(new AuthorizationSweep.Operation(parts[0], parts[1], List.of()));
        });
        return operations;
    }

    @Test
    void a_new_route_without_a_rule_and_a_rule_for_a_route_that_is_gone_are_both_reported() {
        List<AuthorizationSweep.Operation> operations = everyRuledOperation();
        operations.add(new AuthorizationSweep.Operation("DELETE", "/api/catalog/courses/{id}", List.of()));
        operations.removeIf(operation -> operation.key().equals("GET /api/auth/me"));

        assertThat(AuthorizationSweep.unruled(operations)).containsExactlyInAnyOrder(
                "documented but without a rule: DELETE /api/catalog/courses/{id}",
                "a rule for an undocumented operation: GET /api/auth/me");
    }

    @Test
    void the_rules_public_operations_are_exactly_the_gateways_public_paths() {
        assertThat(AuthorizationSweep.publicPathsDisagreeing(everyRuledOperation(), GATEWAY_CONFIGURATION)).isEmpty();
    }

    @Test
    void a_path_the_gateway_opens_that_the_rules_protect_is_reported_and_so_is_a_public_rule_the_gateway_protects() {
        List<AuthorizationSweep.Operation> operations = everyRuledOperation();
        // /api/catalog/courses/{id} is open at the gateway (GET); a POST there is not
        operations.removeIf(operation -> operation.key().equals("GET /api/catalog/courses/{id}"));
        operations.add(new AuthorizationSweep.Operation("GET", "/api/catalog/courses/{id}/secret", List.of()));

        List<String> problems = AuthorizationSweep.publicPathsDisagreeing(operations, GATEWAY_CONFIGURATION);

        assertThat(problems).contains("the gateway opens /api/catalog/courses/{id} but no documented operation is there");
        // an operation without a rule is the other check's business, not this one's
        assertThat(problems).noneMatch(problem -> problem.contains("/secret"));
    }

    @Test
    void ids_are_put_where_their_collection_says_and_required_query_parameters_are_filled() {
        AuthorizationSweep.Fixtures fixtures = new AuthorizationSweep.Fixtures(Map.of("playlist", "p-1", "course", "c-1",
                "owner", "u-1", "lesson", "l-1"));

        assertThat(AuthorizationSweep.concrete(new AuthorizationSweep.Operation("GET", "/api/catalog/playlists/{id}", List.of()),
                fixtures)).isEqualTo("/api/catalog/playlists/p-1");
        assertThat(AuthorizationSweep.concrete(new AuthorizationSweep.Operation("GET", "/api/catalog/access",
                List.of("courseId", "learnerId")), fixtures)).isEqualTo("/api/catalog/access?courseId=c-1&learnerId=u-1");
    }
}
