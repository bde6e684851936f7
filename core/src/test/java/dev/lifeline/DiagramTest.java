package dev.lifeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.TransitionTable.Edge;
import dev.lifeline.testing.InMemoryJobStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The diagrams show every edge of the table, and README.md shows exactly the generated Mermaid diagram. */
class DiagramTest {

  private final Lifecycle lifecycle = Lifecycle.builder().store(new InMemoryJobStore()).build();

  @Test
  void mermaidShowsEveryEdgeWithItsEventAndTheStatesAJobMayEndIn() {
    String mermaid = lifecycle.diagram(DiagramFormat.MERMAID);

    assertThat(mermaid).startsWith("stateDiagram-v2\n");
    for (Edge e : lifecycle.table().edges()) {
      String from = e.from() == null ? "[*]" : e.from().name();
      assertThat(mermaid).contains("    " + from + " --> " + e.to() + " : " + e.event());
    }
    assertThat(mermaid.lines().filter(l -> l.contains(" --> ") && l.contains(" : "))).hasSize(
        lifecycle.table().edges().size());
    assertThat(mermaid).contains("    COMPLETED --> [*]\n", "    FAILED --> [*]\n");
    // Mermaid ends a transition's text at ';' or '#', and a second ':' confuses it.
    mermaid.lines().filter(l -> l.contains(" : ")).forEach(l -> assertThat(l.substring(l.indexOf(" : ") + 3))
        .doesNotContain(";", "#", ":"));
  }

  @Test
  void dotShowsEveryEdgeWithItsEvent() {
    String dot = lifecycle.diagram(DiagramFormat.DOT);

    assertThat(dot).startsWith("digraph lifecycle {").endsWith("}\n");
    for (Edge e : lifecycle.table().edges()) {
      String from = e.from() == null ? "start" : e.from().name();
      assertThat(dot).contains("  " + from + " -> " + e.to() + " [label=\"" + e.event());
    }
    assertThat(dot.lines().filter(l -> l.contains(" -> "))).hasSize(lifecycle.table().edges().size());
  }

  @Test
  void theReadmeShowsExactlyTheGeneratedLifecycleDiagram() throws IOException {
    Path readme = Path.of(System.getProperty("basedir", ".")).resolve("../README.md");
    String text = Files.readString(readme, StandardCharsets.UTF_8);
    int section = text.indexOf("\n## The lifecycle\n");
    assertThat(section).as("README.md has a section '## The lifecycle'").isNotNegative();
    int open = text.indexOf("```mermaid\n", section);
    assertThat(open).as("the section has a mermaid block").isNotNegative();
    int start = open + "```mermaid\n".length();
    int end = text.indexOf("```", start);

    assertThat(text.substring(start, end))
        .as("README.md's lifecycle diagram; paste the output of Lifecycle.diagram(MERMAID)")
        .isEqualTo(lifecycle.diagram(DiagramFormat.MERMAID));
  }
}
