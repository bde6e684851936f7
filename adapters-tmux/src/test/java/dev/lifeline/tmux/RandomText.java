package dev.lifeline.tmux;

import java.util.Random;

/**
 * Random strings for property tests: any Unicode but NUL and unpaired surrogates, weighted towards what shells, tmux
 * and {@code printf %b} treat specially (control characters, newlines, quotes, {@code $()}, backslashes, {@code %},
 * {@code ;}, {@code #{}}, {@code =}). Stateless; the caller's seeded {@link Random} makes a run repeatable.
 */
final class RandomText {

  private static final String[] SPECIAL = {"\n", "\\", "\\n", "\\0", "\\c", "'", "\"", "$(", ")", "`", "$", "${",
      "}", ";", "\\;", "#{", "##", "%", "%b", "=", " ", "\t", "\r", "\u001b", "\u007f", "-", "--", "*", "~", "&", "|",
      "<", ">", "\u0085", "\u2028", "é", "日本", "🚀", "\uFEFF"};

  private RandomText() {}

  /** A value of 0 to 40 code points. */
  static String value(Random r) {
    StringBuilder sb = new StringBuilder();
    int n = r.nextInt(41);
    for (int i = 0; i < n; i++) {
      int kind = r.nextInt(10);
      if (kind < 4) {
        sb.append(SPECIAL[r.nextInt(SPECIAL.length)]);
      } else if (kind < 6) {
        sb.append((char) (1 + r.nextInt(0x7f))); // ASCII including controls, never NUL
      } else {
        sb.appendCodePoint(codePoint(r));
      }
    }
    return sb.toString();
  }

  /** A file name: like {@link #value} without {@code /}, never empty, {@code .} or {@code ..}, at most 60 chars. */
  static String fileName(Random r) {
    String v = value(r).replace("/", "_");
    if (v.length() > 60) {
      v = v.substring(0, Character.isHighSurrogate(v.charAt(59)) ? 59 : 60);
    }
    return v.isEmpty() || v.equals(".") || v.equals("..") ? "d" + v : v;
  }

  /** A portable environment variable name. */
  static String envName(Random r) {
    String first = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_";
    String rest = first + "0123456789";
    StringBuilder sb = new StringBuilder("R");
    sb.append(first.charAt(r.nextInt(first.length())));
    int n = r.nextInt(12);
    for (int i = 0; i < n; i++) {
      sb.append(rest.charAt(r.nextInt(rest.length())));
    }
    return sb.toString();
  }

  /** A NUL, a lone high surrogate or a lone low surrogate. */
  static String uncarriable(Random r) {
    switch (r.nextInt(3)) {
      case 0:
        return "\0";
      case 1:
        return String.valueOf((char) (0xD800 + r.nextInt(0x400))) + "x";
      default:
        return String.valueOf((char) (0xDC00 + r.nextInt(0x400)));
    }
  }

  private static int codePoint(Random r) {
    while (true) {
      int cp = r.nextInt(4) == 0 ? 0x10000 + r.nextInt(0x100000) : 1 + r.nextInt(0xFFFF);
      if (!(cp >= 0xD800 && cp <= 0xDFFF)) {
        return cp;
      }
    }
  }
}
