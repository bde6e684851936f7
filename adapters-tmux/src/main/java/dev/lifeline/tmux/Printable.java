package dev.lifeline.tmux;

/** A value shortened to 80 code points with control characters escaped, fit for a one-line message. Stateless. */
final class Printable {

  private Printable() {}

  static String of(String s) {
    StringBuilder sb = new StringBuilder();
    s.codePoints().limit(80).forEach(cp -> {
      int type = Character.getType(cp);
      if (Character.isISOControl(cp) || type == Character.FORMAT || type == Character.SURROGATE
          || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
        sb.append(String.format("\\u%04x", cp));
      } else {
        sb.appendCodePoint(cp);
      }
    });
    if (s.codePointCount(0, s.length()) > 80) {
      sb.append('…');
    }
    return sb.toString();
  }
}
