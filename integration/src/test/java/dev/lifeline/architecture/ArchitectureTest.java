package dev.lifeline.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The "never" arrows of ARCHITECTURE.md ("What may depend on what"), one test per arrow, over the main classes of
 * core, the two adapters and the examples/CLI module (every module on this module's classpath; benchmarks are
 * allowed to reach into the engine and are not checked). Test classes and the contract artifact are left out.
 */
class ArchitectureTest {

  private static final String[] CORE = {"dev.lifeline", "dev.lifeline.spi..", "dev.lifeline.event..",
      "dev.lifeline.testing..", "dev.lifeline.internal.."};
  private static final String[] API = {"dev.lifeline", "dev.lifeline.spi..", "dev.lifeline.event..",
      "dev.lifeline.testing.."};
  private static final String INTERNAL = "dev.lifeline.internal..";
  private static final List<String> PORTS = List.of("dev.lifeline.spi.JobStore", "dev.lifeline.spi.LeaseStore",
      "dev.lifeline.spi.SessionRuntime", "dev.lifeline.spi.Verifier");
  private static final String SQLITE = "dev.lifeline.sqlite..";
  private static final String TMUX = "dev.lifeline.tmux..";
  private static final String CLI = "dev.lifeline.cli..";
  private static final String EXAMPLES = "dev.lifeline.examples..";

  private static final JavaClasses MAIN = new ClassFileImporter()
      .withImportOption(ArchitectureTest::isMainCode)
      .importPackages("dev.lifeline");

  /** Main classes only: no test-classes directory, no test-jar (core's contract classifier is one). */
  private static boolean isMainCode(Location location) {
    return ImportOption.Predefined.DO_NOT_INCLUDE_TESTS.includes(location)
        && !location.contains("-contract.jar") && !location.contains("-tests.jar")
        && !location.contains("/test-classes/") && !location.contains("/integration/target/");
  }

  @Test
  void everyModuleIsOnTheClasspathSoNoRuleHoldsByBeingEmpty() {
    assertThat(MAIN.stream().map(JavaClass::getPackageName).distinct())
        .contains("dev.lifeline", "dev.lifeline.spi", "dev.lifeline.event", "dev.lifeline.testing",
            "dev.lifeline.internal", "dev.lifeline.sqlite", "dev.lifeline.tmux", "dev.lifeline.cli",
            "dev.lifeline.examples");
    assertThat(MAIN.stream().map(JavaClass::getName))
        .noneMatch(name -> name.endsWith("Contract") || name.endsWith("Test") || name.endsWith("IT"));
  }

  @Test
  void adaptersTheCliAndTheExamplesNeverImportTheEngineInternals() {
    check(noClasses().that().resideInAnyPackage(SQLITE, TMUX, CLI, EXAMPLES)
        .should().dependOnClassesThat().resideInAPackage(INTERNAL)
        .because("dev.lifeline.internal is not API: the adapters and every face use dev.lifeline and its ports"));
  }

  @Test
  void theCliCommandsNeverCallAPortOnlyTheApi() {
    check(noClasses().that().resideInAPackage(CLI).and().haveNameNotMatching(".*Wiring(\\$.*)?")
        .should().callMethodWhere(new DescribedPredicate<JavaMethodCall>("the target is an operation of a port"
            + " (JobStore, LeaseStore, SessionRuntime, Verifier) other than close()") {
          @Override
          public boolean test(JavaMethodCall call) {
            JavaClass owner = call.getTargetOwner();
            return !call.getName().equals("close") && PORTS.stream().filter(owner::isAssignableTo)
                .anyMatch(port -> MAIN.get(port).getAllMethods().stream()
                    .anyMatch(m -> m.getName().equals(call.getName())));
          }
        })
        .because("every command is one call on Lifecycle, Supervisor or LifelineView (rule 9, one front door); only"
            + " the wiring, which builds the store and the runtime, hands them to the API"));
  }

  @Test
  void theSqliteStoreNeverImportsTheTmuxRuntime() {
    check(noClasses().that().resideInAPackage(SQLITE).should().dependOnClassesThat().resideInAPackage(TMUX)
        .because("a store and a runtime meet only in core's ports"));
  }

  @Test
  void theTmuxRuntimeNeverImportsTheSqliteStore() {
    check(noClasses().that().resideInAPackage(TMUX).should().dependOnClassesThat().resideInAPackage(SQLITE)
        .because("a store and a runtime meet only in core's ports"));
  }

  @Test
  void thePortsKnowNothingOfTheEngine() {
    check(noClasses().that().resideInAPackage("dev.lifeline.spi..")
        .should().dependOnClassesThat().resideInAnyPackage(INTERNAL, "org.springframework..")
        .because("a store or runtime is written against the ports alone, whatever engine decides"));
  }

  @Test
  void coreNeverImportsTheAdaptersTheCliOrTheirLibraries() {
    check(noClasses().that().resideInAnyPackage(CORE)
        .should().dependOnClassesThat().resideInAnyPackage(SQLITE, TMUX, CLI, EXAMPLES, "org.jooq..", "org.sqlite..",
            "picocli..", "com.fasterxml.jackson..", "org.junit..", "org.assertj..")
        .because("lifeline-core depends on spring-statemachine-core only; its test harness needs no JUnit"));
  }

  @Test
  void theTestHarnessIsBuiltOnTheApiAlone() {
    check(noClasses().that().resideInAPackage("dev.lifeline.testing..")
        .should().dependOnClassesThat().resideInAPackage(INTERNAL)
        .because("users' tests run on the harness; what it needs, every embedder can reach"));
  }

  @Test
  void springStatemachineIsUsedOnlyInsideTheEngine() {
    check(noClasses().that().resideOutsideOfPackage(INTERNAL)
        .should().dependOnClassesThat().resideInAPackage("org.springframework..")
        .because("no Spring Statemachine type appears in the API, an adapter or the CLI (ARCHITECTURE.md, "
            + "'What may depend on what')"));
  }

  @Test
  void theApiNeverImportsTheSupervisorInternals() {
    check(noClasses().that().resideInAnyPackage("dev.lifeline.spi..", "dev.lifeline.event..")
        .should().dependOnClassesThat().resideInAPackage(INTERNAL)
        .because("the ports and the events are read by adapters and listeners that must not see the engine"));
  }

  @Test
  void noPublicSignatureOfTheApiNamesAnEngineOrStateMachineType() {
    check(classes().that().resideInAnyPackage(API).and().arePublic()
        .should(new ArchCondition<JavaClass>("expose no dev.lifeline.internal or Spring type in a public signature") {
          @Override
          public void check(JavaClass type, ConditionEvents events) {
            for (JavaMember member : type.getMembers()) {
              if (!member.getModifiers().contains(JavaModifier.PUBLIC)
                  && !member.getModifiers().contains(JavaModifier.PROTECTED)) {
                continue;
              }
              List<JavaClass> named = new ArrayList<>();
              if (member instanceof JavaField field) {
                named.add(field.getRawType());
              } else if (member instanceof JavaCodeUnit unit) {
                named.add(unit.getRawReturnType());
                named.addAll(unit.getRawParameterTypes());
              }
              for (JavaClass n : named) {
                String name = n.getName();
                if (name.startsWith("dev.lifeline.internal.") || name.startsWith("org.springframework.")) {
                  events.add(SimpleConditionEvent.violated(member, member.getFullName() + " names " + name));
                }
              }
            }
          }
        })
        .because("only dev.lifeline, .spi, .event and .testing are API (ARCHITECTURE.md, "
            + "'The API and the inside')"));
  }

  @Test
  void eachAdapterHasOnePublicEntryClass() {
    check(classes().that().resideInAPackage("dev.lifeline.sqlite").and().arePublic().and().areTopLevelClasses()
        .should().haveSimpleName("SqliteJobStore")
        .because("everything else in the SQLite adapter is package-private"));
    check(classes().that().resideInAPackage("dev.lifeline.tmux").and().arePublic().and().areTopLevelClasses()
        .should().haveSimpleName("TmuxSessionRuntime")
        .because("everything else in the tmux adapter is package-private"));
  }

  private static void check(ArchRule rule) {
    rule.check(MAIN);
  }
}
