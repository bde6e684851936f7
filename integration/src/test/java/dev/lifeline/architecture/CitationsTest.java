package dev.lifeline.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The sources of core, the benchmarks and the integration tests cite the design only by ARCHITECTURE.md sections that
 * exist (issue 12: a citation of a file that is not in the repository is no help to a reader).
 */
class CitationsTest {

  private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
  private static final List<String> MODULES = List.of("core", "benchmarks", "integration");
  /** {@code ARCHITECTURE.md "Name"}, {@code ARCHITECTURE.md ("Name")} or {@code ARCHITECTURE.md, 'Name'}. */
  private static final Pattern CITATION =
      Pattern.compile("ARCHITECTURE\\.md(?:,\\s*|\\s+|\\s*\\()\\(?[\"']([^\"']+)[\"']");

  private static List<Path> javaFiles() {
    List<Path> out = new ArrayList<>();
    for (String module : MODULES) {
      try (Stream<Path> files = Files.walk(ROOT.resolve(module).resolve("src"))) {
        // This file spells the patterns out; it cites nothing.
        files.filter(p -> p.toString().endsWith(".java") && !p.endsWith("CitationsTest.java")).forEach(out::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  /** The text with javadoc line breaks and string concatenations joined, so a wrapped name reads as one. */
  private static String joined(Path file) {
    try {
      return Files.readString(file).replaceAll("\\s*\\n\\s*(\\*(?!/)|//)?\\s*", " ").replaceAll("\"\\s*\\+\\s*\"", "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Set<String> sections() throws IOException {
    return Files.readAllLines(ROOT.resolve("ARCHITECTURE.md")).stream().filter(l -> l.startsWith("#"))
        .map(l -> l.replaceFirst("^#+\\s*", "").strip()).collect(Collectors.toSet());
  }

  @Test
  void noSourceCitesTheDesignDocumentWhichIsNotInTheRepository() {
    String design = "DESIGN" + ".md";
    List<Path> files = javaFiles();

    assertThat(files).as("the sources were found from %s", ROOT).hasSizeGreaterThan(100);
    assertThat(files.stream().filter(f -> joined(f).contains(design)).map(ROOT::relativize)).isEmpty();
  }

  @Test
  void everyArchitectureCitationNamesASectionThatExists() throws IOException {
    Set<String> sections = sections();
    List<String> cited = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (Path f : javaFiles()) {
      Matcher m = CITATION.matcher(joined(f));
      while (m.find()) {
        cited.add(m.group(1));
        if (!sections.contains(m.group(1).strip())) {
          missing.add(ROOT.relativize(f) + ": \"" + m.group(1) + "\"");
        }
      }
    }

    assertThat(cited).as("citations found").contains("The lifecycle", "One supervisor pass", "The ports",
        "The rules, and where each is enforced");
    assertThat(missing).isEmpty();
  }
}
