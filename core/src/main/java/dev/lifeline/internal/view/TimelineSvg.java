package dev.lifeline.internal.view;

import dev.lifeline.JobState;
import dev.lifeline.Timeline;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Draws a {@link Timeline} as SVG: a title line, one row per attempt, one bar per span on a time axis from the
 * submit to the end, and a legend. Bars are at least 3 px wide, so an instant state (the end) still shows. Every
 * text is XML-escaped and control characters are written as visible escapes. Stateless.
 */
public final class TimelineSvg {

  private static final int WIDTH = 760;
  private static final int LEFT = 84;
  private static final int RIGHT = 150;
  private static final int TOP = 44;
  private static final int ROW = 30;
  private static final int BAR = 18;
  private static final double MIN_BAR = 3;
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** The fill of each state, the same hues the CLI paints them in. */
  static final Map<JobState, String> FILL = new EnumMap<>(Map.of(JobState.QUEUED, "#9aa0a6",
      JobState.PROCESSING, "#1a73e8", JobState.VERIFICATION, "#e8a100", JobState.COMPLETED, "#188038",
      JobState.FAILED, "#d93025"));

  private TimelineSvg() {}

  /** The SVG document for {@code t}. */
  public static String render(Timeline t) {
    int rows = t.attempts();
    int height = TOP + rows * ROW + 46;
    double plot = WIDTH - LEFT - RIGHT;
    long total = Math.max(1, Duration.between(t.start(), t.end()).toMillis());
    StringBuilder sb = new StringBuilder(2048);
    sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
        .append(height).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
        .append("\" font-family=\"sans-serif\" font-size=\"12\" role=\"img\">\n");
    String title = "Job " + t.jobId() + " " + t.name() + ": " + t.state() + " after "
        + DurationText.of(Duration.between(t.start(), t.end()));
    sb.append("  <title>").append(escape(title)).append("</title>\n");
    sb.append("  <rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
    sb.append("  <text x=\"8\" y=\"20\" font-size=\"14\" font-weight=\"bold\">").append(escape(title))
        .append("</text>\n");
    for (int a = 1; a <= rows; a++) {
      int y = TOP + (a - 1) * ROW;
      sb.append("  <text x=\"8\" y=\"").append(y + BAR - 4).append("\" fill=\"#5f6368\">attempt ").append(a)
          .append("</text>\n");
      sb.append("  <line x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + (int) plot).append("\" y1=\"")
          .append(y + BAR / 2).append("\" y2=\"").append(y + BAR / 2)
          .append("\" stroke=\"#e0e0e0\" stroke-dasharray=\"2 3\"/>\n");
    }
    for (Timeline.Span s : t.spans()) {
      double x = LEFT + plot * Duration.between(t.start(), s.from()).toMillis() / total;
      double w = Math.max(MIN_BAR, plot * s.duration().toMillis() / total);
      x = Math.min(x, LEFT + plot - MIN_BAR);
      int y = TOP + (s.attempt() - 1) * ROW;
      String tip = s.state() + " " + DurationText.of(s.duration()) + ", from " + STAMP.format(s.from()) + " to "
          + STAMP.format(s.to()) + (s.label() != null ? " (" + s.label() + ")" : "")
          + (s.detail() != null ? ": " + s.detail() : "");
      sb.append("  <rect class=\"bar\" data-state=\"").append(s.state()).append("\" data-attempt=\"")
          .append(s.attempt()).append("\" x=\"").append(num(x)).append("\" y=\"").append(y).append("\" width=\"")
          .append(num(w)).append("\" height=\"").append(BAR).append("\" rx=\"2\" fill=\"")
          .append(FILL.get(s.state())).append("\"><title>").append(escape(tip)).append("</title></rect>\n");
      if (s.label() != null) {
        sb.append("  <text class=\"label\" x=\"").append(num(x + w + 4)).append("\" y=\"").append(y + BAR - 5)
            .append("\" fill=\"").append(s.state() == JobState.FAILED ? "#a50e0e" : "#5f6368").append("\">")
            .append(escape(s.label())).append("</text>\n");
      }
    }
    int axis = TOP + rows * ROW + 4;
    sb.append("  <text x=\"").append(LEFT).append("\" y=\"").append(axis + 10).append("\" fill=\"#5f6368\">")
        .append(STAMP.format(t.start())).append("</text>\n");
    sb.append("  <text x=\"").append(LEFT + (int) plot).append("\" y=\"").append(axis + 10)
        .append("\" text-anchor=\"end\" fill=\"#5f6368\">").append(STAMP.format(t.end())).append("</text>\n");
    int lx = LEFT;
    for (JobState s : JobState.values()) {
      sb.append("  <rect x=\"").append(lx).append("\" y=\"").append(axis + 20).append("\" width=\"10\" height=\"10\" "
          + "fill=\"").append(FILL.get(s)).append("\"/><text x=\"").append(lx + 14).append("\" y=\"")
          .append(axis + 29).append("\">").append(s).append("</text>\n");
      lx += 24 + 8 * s.name().length();
    }
    return sb.append("</svg>\n").toString();
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  /** XML text: markup characters as entities, control characters (never valid in XML 1.0) as visible escapes. */
  static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> {
          if (c < 0x20 || (c >= 0x7f && c < 0xa0) || c == 0xfffe || c == 0xffff
              || (Character.isSurrogate(c) && !validPair(s, i))) {
            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.toString();
  }

  private static boolean validPair(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }
}
