package fr.mecaformation.testsupport;

import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

/**
 * The layout every domain service keeps (ARCHITECTURE.md): a domain of plain Java, use cases reached only from
 * the API, adapters (database, Keycloak, other services) reached only from use cases and the API. A service's
 * {@code ArchitectureTest} includes these rules with {@code ArchTests.in(ServiceArchitecture.class)}.
 */
public final class ServiceArchitecture {

    @ArchTest
    public static final ArchRule domain_is_plain_java = noClasses().that().resideInAPackage("..domain..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "io.r2dbc..", "reactor..",
                    "..api..", "..application..", "..persistence..", "..keycloak..", "..client..", "..messaging..");

    @ArchTest
    public static final ArchRule layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("api").definedBy("..api..", "..messaging..")
            .layer("application").definedBy("..application..")
            .layer("adapters").definedBy("..persistence..", "..keycloak..", "..client..", "..media..")
            .layer("domain").definedBy("..domain..")
            .whereLayer("api").mayNotBeAccessedByAnyLayer()
            .whereLayer("application").mayOnlyBeAccessedByLayers("api")
            .whereLayer("adapters").mayOnlyBeAccessedByLayers("application", "api");

    private ServiceArchitecture() {
    }
}
