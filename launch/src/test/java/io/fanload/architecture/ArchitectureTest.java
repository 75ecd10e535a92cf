package io.fanload.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layering of ../shared/DESIGN.md section 2, over the main classes of every module on this
 * module's class path (launch is the top of the stack; bench, a leaf, depends on it and on no other
 * leaf): arrows point down only, loader-hooks (inside every rank) uses nothing but the JDK, and no
 * two packages depend on each other, however indirectly.
 */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        // Main classes only: not this module's tests, not cache-writer's test fixtures (its -tests.jar).
        ImportOption mainClasses = location -> !location.contains("/test-classes/") && !location.contains("-tests.jar");
        classes = new ClassFileImporter().withImportOption(mainClasses).importPackages("io.fanload");
    }

    @Test
    void modulesDependOnlyDownward() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("launch").definedBy("io.fanload.launch..")
                .layer("cache-server").definedBy("io.fanload.server..")
                .layer("cache-writer").definedBy("io.fanload.writer..")
                .layer("loader-hooks").definedBy("io.fanload.hooks..")
                .whereLayer("launch").mayNotBeAccessedByAnyLayer()
                .whereLayer("cache-server").mayOnlyBeAccessedByLayers("launch")
                .whereLayer("cache-writer").mayOnlyBeAccessedByLayers("cache-server", "launch")
                .whereLayer("loader-hooks").mayOnlyBeAccessedByLayers("cache-writer", "cache-server", "launch")
                .check(classes);
    }

    @Test
    void loaderHooksUsesNothingButTheJdk() {
        noClasses().that().resideInAPackage("io.fanload.hooks..")
                .should().dependOnClassesThat().resideOutsideOfPackages("io.fanload.hooks..", "java..", "javax..", "jdk..", "sun..")
                .check(classes);
    }

    @Test
    void agentsNeedNothingOfTheFrontEndOrOfCommonsCompress() {
        noClasses().that().resideInAPackage("io.fanload.server..")
                .should().dependOnClassesThat().resideInAnyPackage("io.fanload.launch..", "org.apache.commons..")
                .check(classes);
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.fanload.(**)").should().beFreeOfCycles().check(classes);
    }
}
