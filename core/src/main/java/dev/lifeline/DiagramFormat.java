package dev.lifeline;

/** The formats {@link Lifecycle#diagram(DiagramFormat)} renders the transition table in. */
public enum DiagramFormat {
  /** A Mermaid {@code stateDiagram-v2}, for Markdown. */
  MERMAID,
  /** Graphviz DOT. */
  DOT
}
