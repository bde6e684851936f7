package dev.lifeline.internal;

import dev.lifeline.DiagramFormat;
import dev.lifeline.JobState;
import dev.lifeline.TransitionTable;
import dev.lifeline.TransitionTable.Edge;

/**
 * Renders the transition table as Mermaid or DOT: every edge with its event and guard, and COMPLETED and FAILED
 * marked as states a job may end in (FAILED is left again only by RETRY). Stateless.
 */
final class Diagrams {

  private Diagrams() {}

  static String render(TransitionTable table, DiagramFormat format) {
    return switch (format) {
      case MERMAID -> mermaid(table);
      case DOT -> dot(table);
    };
  }

  private static String label(Edge e) {
    return e.guardText().isEmpty() ? e.event().name() : e.event() + " [" + e.guardText() + "]";
  }

  /** Mermaid ends a transition's description at ':', ';' or '#'. */
  private static String mermaidText(String label) {
    return label.replace(":", "").replace(";", ",").replace("#", "");
  }

  private static String mermaid(TransitionTable table) {
    StringBuilder sb = new StringBuilder("stateDiagram-v2\n");
    for (Edge e : table.edges()) {
      String from = e.from() == null ? "[*]" : e.from().name();
      sb.append("    ").append(from).append(" --> ").append(e.to().name()).append(" : ")
          .append(mermaidText(label(e))).append('\n');
    }
    for (JobState s : JobState.values()) {
      if (s.isFinal()) {
        sb.append("    ").append(s.name()).append(" --> [*]\n");
      }
    }
    return sb.toString();
  }

  private static String dot(TransitionTable table) {
    StringBuilder sb = new StringBuilder("digraph lifecycle {\n  rankdir=LR;\n  node [shape=box, style=rounded];\n");
    sb.append("  start [shape=point];\n");
    for (JobState s : JobState.values()) {
      if (s.isFinal()) {
        sb.append("  ").append(s.name()).append(" [peripheries=2];\n");
      }
    }
    for (Edge e : table.edges()) {
      String from = e.from() == null ? "start" : e.from().name();
      sb.append("  ").append(from).append(" -> ").append(e.to().name()).append(" [label=\"")
          .append(label(e).replace("\"", "\\\"")).append("\"];\n");
    }
    return sb.append("}\n").toString();
  }
}
