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
 * controllers hold no SQL — they call the class that owns the table.
 */
@AnalyzeClasses(packages = {"com.carrier.hub.runtime", "com.carrier.hub.connector", "com.carrier.hub.api",
        "com.carrier.hub.batchfile", "com.carrier.hub.http", "com.carrier.hub.simulators"}, importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule packagesAreFreeOfCycles = slices().matching("com.carrier.hub.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule controllersHoldNoSql = noClasses().that().areAnnotatedWith(RestController.class)
            .should().dependOnClassesThat().areAssignableTo(JdbcTemplate.class)
            .because("SQL lives with the class that owns its table, not in a REST controller");
}
