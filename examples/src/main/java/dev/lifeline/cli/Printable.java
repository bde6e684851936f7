package dev.lifeline.cli;

/**
 * Text made safe to print on a terminal or as one line of a log: every character that could move the cursor, change
 * colours, reorder text or start a new line is written as an escape instead. {@code \n}, {@code \r} and {@code \t}
 * become those two-character escapes; other C0 controls and DEL become {@code \xHH}; C1 controls, the bidi controls
 * (U+061C, U+200E, U+200F, U+202A..U+202E, U+2066..U+2069), the line and paragraph separators, the byte-order mark
 * and unpaired surrogates become {@code \\uHHHH}. Everything else, including every printable non-ASCII letter, is kept.
 * JSON output does not use this: {@link JobJson} writes the same characters (but surrogates) as JSON's
 * {@code \\uXXXX}, so they decode back exactly. Stateless and thread-safe.
 */
final class Printable {

  private Printable() {}

  /** {@code text} with its unsafe characters escaped; {@code null} stays {@code null}. */
  static String of(String text) {
    if (text == null || isSafe(text)) {
      return text;
    }
    StringBuilder sb = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        sb.append(c).append(text.charAt(++i));
      } else if (!unsafe(c)) {
        sb.append(c);
      } else if (c == '\n') {
        sb.append("\\n");
      } else if (c == '\r') {
        sb.append("\\r");
      } else if (c == '\t') {
        sb.append("\\t");
      } else if (c < 0x20 || c == 0x7f) {
        sb.append(String.format("\\x%02x", (int) c));
      } else {
        sb.append(String.format("\\u%04x", (int) c));
      }
    }
    return sb.toString();
  }

  /** Whether {@link #of} would return {@code text} unchanged. */
  static boolean isSafe(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (unsafe(c)) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code c}, taken alone, is escaped by {@link #of} (a surrogate is kept only as half of a pair). */
  static boolean unsafe(char c) {
    return c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x061c || c == 0x200e || c == 0x200f
        || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x2028 || c == 0x2029
        || c == 0xfeff || Character.isSurrogate(c);
  }
}
