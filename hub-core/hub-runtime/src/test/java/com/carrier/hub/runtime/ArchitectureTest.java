package com.carrier.hub.runtime;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.RestController;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The runtime's layout rules (README, "Layout"): its packages depend on each other one way only, and the admin API's
 * controllers and the console's pages hold no SQL — they call the class that owns the table; nothing depends on the
 * console, which sits on top.
 */
@AnalyzeClasses(packages = {"com.carrier.hub.runtime", "com.carrier.hub.connector", "com.carrier.hub.api",
        "com.carrier.hub.batchfile", "com.carrier.hub.http", "com.carrier.hub.simulators"}, importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule packagesAreFreeOfCycles = slices().matching("com.carrier.hub.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule nothingDependsOnTheConsole = noClasses().that()
            .resideOutsideOfPackage("com.carrier.hub.runtime.console..")
            .should().dependOnClassesThat().resideInAPackage("com.carrier.hub.runtime.console..")
            .because("the console sits on top: it uses the other packages' services, none of them knows it");

    @ArchTest
    static final ArchRule consolePagesHoldNoSql = noClasses().that().resideInAPackage("com.carrier.hub.runtime.console..")
            .should().dependOnClassesThat().areAssignableTo(JdbcTemplate.class)
            .because("the console's pages call the services the admin API calls; SQL lives with the table's owner");

    @ArchTest
    static final ArchRule controllersHoldNoSql = noClasses().that().areAnnotatedWith(RestController.class)
            .should().dependOnClassesThat().areAssignableTo(JdbcTemplate.class)
            .because("SQL lives with the class that owns its table, not in a REST controller");
}
