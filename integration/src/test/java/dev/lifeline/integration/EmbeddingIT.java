package dev.lifeline.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * A newcomer's project ({@code src/it/embedding}) built and tested by a separate Maven run, the way a user would:
 * against this build's artifacts installed into a private local repository ({@code target/it-repo}, by
 * maven-invoker-plugin's {@code install} goal), everything else read from the outer build's local repository as a
 * file mirror, so it needs no network and never writes into {@code ~/.m2}. The project uses the public API only, one
 * listener, real SQLite and tmux on a private socket, and runs {@code JobStoreContract} from the {@code contract}
 * artifact against a store of its own.
 */
class EmbeddingIT {

  @Test
  void aSeparateProjectBuildsAndPassesItsTestsAgainstTheInstalledArtifacts() throws Exception {
    RealStack.assumeTmux();
    Path source = Path.of(property("lifeline.embedding.project"));
    Path work = Path.of(property("lifeline.embedding.work"));
    Path itRepo = itRepo();
    Path outerRepo = Path.of(property("lifeline.outer.repo"));
    Path mvn = Path.of(property("maven.home"), "bin", "mvn");
    assertThat(sourcesImporting(source, "dev.lifeline.internal")).as("the project uses the public API only")
        .isEmpty();

    copyFresh(source, work);
    Path settings = work.resolve("it-settings.xml");
    Files.writeString(settings, """
        <settings>
          <localRepository>%s</localRepository>
          <mirrors>
            <mirror><id>outer-build</id><mirrorOf>*</mirrorOf><url>%s</url></mirror>
          </mirrors>
        </settings>
        """.formatted(itRepo, outerRepo.toUri()));
    Path log = work.resolve("build.log");
    Process build = new ProcessBuilder(mvn.toString(), "-B", "-nsu", "-s", settings.toString(),
        "-Dmaven.repo.local=" + itRepo, "-Dlifeline.version=" + property("lifeline.version"), "test")
        .directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean ended = build.waitFor(10, TimeUnit.MINUTES);
    if (!ended) {
      build.destroyForcibly().waitFor();
    }

    assertThat(ended && build.exitValue() == 0).as("mvn test of the embedding project succeeded; its log ends:%n%s",
        tail(log)).isTrue();
    Path reports = work.resolve("target/surefire-reports");
    int[] contract = counts(reports.resolve("TEST-com.example.nightly.AuditedJobStoreContractTest.xml"));
    int[] tool = counts(reports.resolve("TEST-com.example.nightly.NightlyJobsTest.xml"));
    assertThat(contract[0]).as("contract tests run against the user's store").isGreaterThanOrEqualTo(40);
    assertThat(contract[1]).as("contract failures").isZero();
    assertThat(tool[0]).as("tool tests run").isEqualTo(1);
    assertThat(tool[1]).as("tool failures").isZero();
  }

  @Test
  void theContractArtifactHoldsOnlyTheContractSuites() throws IOException {
    Path jar = installed("lifeline-core", "-contract");

    List<String> classes = new ArrayList<>();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      zip.stream().map(ZipEntry::getName).filter(n -> n.endsWith(".class")).forEach(classes::add);
    }

    assertThat(classes).contains("dev/lifeline/spi/JobStoreContract.class",
        "dev/lifeline/spi/SessionRuntimeContract.class");
    assertThat(classes).allMatch(n -> n.startsWith("dev/lifeline/spi/"));
    assertThat(classes).noneMatch(n -> n.endsWith("Test.class") || n.endsWith("IT.class"));
  }

  @Test
  void eachLibraryShipsItsModuleNameSourcesAndTheJavadocOfItsApiPackagesOnly() throws IOException {
    Map<String, List<String>> api = Map.of(
        "lifeline-core", List.of("dev.lifeline", "dev.lifeline.event", "dev.lifeline.spi", "dev.lifeline.testing"),
        "lifeline-sqlite", List.of("dev.lifeline.sqlite"),
        "lifeline-tmux", List.of("dev.lifeline.tmux"));
    Map<String, String> moduleNames = Map.of("lifeline-core", "dev.lifeline.core", "lifeline-sqlite",
        "dev.lifeline.sqlite", "lifeline-tmux", "dev.lifeline.tmux");
    for (String artifact : api.keySet()) {
      try (JarFile jar = new JarFile(installed(artifact, "").toFile())) {
        assertThat(jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name")).as(artifact)
            .isEqualTo(moduleNames.get(artifact));
      }
      try (ZipFile sources = new ZipFile(installed(artifact, "-sources").toFile())) {
        assertThat(sources.stream().map(ZipEntry::getName)).as("%s sources", artifact)
            .anyMatch(n -> n.endsWith(".java"));
      }
      try (ZipFile javadoc = new ZipFile(installed(artifact, "-javadoc").toFile())) {
        ZipEntry list = javadoc.getEntry("element-list");
        assertThat(list).as("%s javadoc element-list", artifact).isNotNull();
        List<String> packages = new String(javadoc.getInputStream(list).readAllBytes(), StandardCharsets.UTF_8)
            .lines().filter(l -> !l.startsWith("module:")).toList();
        assertThat(packages).as("%s javadoc packages", artifact).containsExactlyInAnyOrderElementsOf(api.get(artifact));
        assertThat(javadoc.stream().map(ZipEntry::getName)).as("%s javadoc pages", artifact)
            .noneMatch(n -> n.contains("/internal/") || n.contains("/sqlite/db/"));
      }
    }
  }

  private static Path installed(String artifact, String classifier) {
    String version = property("lifeline.version");
    Path jar = itRepo().resolve("dev/lifeline/" + artifact + "/" + version + "/" + artifact + "-" + version
        + classifier + ".jar");
    assertThat(jar).exists();
    return jar;
  }

  private static Path itRepo() {
    return Path.of(property("lifeline.it.repo"));
  }

  private static String property(String name) {
    String value = System.getProperty(name);
    assertThat(value).as("system property %s (set by integration/pom.xml's failsafe configuration)", name)
        .isNotBlank();
    return value;
  }

  /** {tests, failures + errors} of one surefire XML report. */
  private static int[] counts(Path report) throws IOException {
    assertThat(report).exists();
    String head = Files.readString(report, StandardCharsets.UTF_8);
    int suite = head.indexOf("<testsuite");
    String tag = head.substring(suite, head.indexOf('>', suite));
    return new int[] {attribute(tag, "tests"), attribute(tag, "failures") + attribute(tag, "errors")};
  }

  private static int attribute(String tag, String name) {
    Matcher m = Pattern.compile("\\s" + name + "=\"(\\d+)\"").matcher(tag);
    assertThat(m.find()).as("%s in %s", name, tag).isTrue();
    return Integer.parseInt(m.group(1));
  }

  private static List<Path> sourcesImporting(Path project, String prefix) throws IOException {
    try (Stream<Path> files = Files.walk(project)) {
      return files.filter(p -> p.toString().endsWith(".java")).filter(p -> {
        try {
          return Files.readString(p).contains("import " + prefix);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).toList();
    }
  }

  private static void copyFresh(Path from, Path to) throws IOException {
    if (Files.exists(to)) {
      try (Stream<Path> old = Files.walk(to)) {
        for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  private static String tail(Path log) throws IOException {
    if (!Files.exists(log)) {
      return "(no log)";
    }
    List<String> lines = Files.readAllLines(log);
    return String.join(System.lineSeparator(), lines.subList(Math.max(0, lines.size() - 60), lines.size()));
  }
}
