package dev.lifeline.sqlite;

import java.util.ArrayList;
import java.util.List;

/**
 * The lossless text encoding of a list of strings used for {@code argv}, {@code env} and {@code verifiers}: each
 * item is written as {@code <n>:<text>,} where {@code n} is the number of Unicode code points of {@code text} in
 * decimal (netstring-shaped, counted in code points so that any language reading the file can decode it). Nothing
 * is escaped, so every well-formed string round-trips exactly. Stateless and thread-safe.
 */
final class CountedStrings {

  private CountedStrings() {}

  static String encode(List<String> items) {
    StringBuilder out = new StringBuilder();
    for (String item : items) {
      out.append(item.codePointCount(0, item.length())).append(':').append(item).append(',');
    }
    return out.toString();
  }

  /**
   * Decodes what {@link #encode} wrote.
   *
   * @throws IllegalArgumentException when {@code text} is not such an encoding
   */
  static List<String> decode(String text) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      int colon = text.indexOf(':', i);
      if (colon <= i || colon - i > 10) {
        throw new IllegalArgumentException("expected a length at offset " + i);
      }
      long n = 0;
      for (int d = i; d < colon; d++) {
        char c = text.charAt(d);
        if (c < '0' || c > '9') {
          throw new IllegalArgumentException("expected a digit at offset " + d);
        }
        n = n * 10 + (c - '0');
      }
      int start = colon + 1;
      int end;
      try {
        end = text.offsetByCodePoints(start, Math.toIntExact(n));
      } catch (IndexOutOfBoundsException | ArithmeticException e) {
        throw new IllegalArgumentException("an item at offset " + i + " is shorter than its length " + n);
      }
      if (end >= text.length() || text.charAt(end) != ',') {
        throw new IllegalArgumentException("expected ',' after the item at offset " + i);
      }
      out.add(text.substring(start, end));
      i = end + 1;
    }
    return out;
  }

  /** True when {@code s} has no unpaired surrogate, so that it survives the UTF-8 the database stores. */
  static boolean isWellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /** {@code s} with every unpaired surrogate replaced by U+FFFD, so that the UTF-8 the database stores can hold it. */
  static String wellFormed(String s) {
    if (isWellFormed(s)) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        out.append(c).append(s.charAt(++i));
      } else {
        out.append(Character.isSurrogate(c) ? '\uFFFD' : c);
      }
    }
    return out.toString();
  }
}
