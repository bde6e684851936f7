package dev.lifeline.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line exactly as its bytes were given. The JVM decodes {@code main}'s arguments in the locale's charset
 * and turns every byte it cannot decode into U+FFFD, silently. Where an argument holds U+FFFD (or the JVM's charset
 * is not UTF-8 and an argument is not ASCII), this reads the process's raw arguments ({@code /proc/self/cmdline} on
 * Linux) and decodes them as strict UTF-8: valid bytes give back the exact text, and an argument that is not valid
 * UTF-8 is refused, because Lifeline stores text and could not hand those bytes to the job unchanged. Stateless.
 */
final class Utf8Arguments {

  private Utf8Arguments() {}

  /** The arguments cannot be carried exactly: the message is one sentence, the exit is 2. */
  static final class NotUtf8Exception extends Exception {
    NotUtf8Exception(String message) {
      super(message);
    }
  }

  /**
   * {@code args} as their bytes say.
   *
   * @throws NotUtf8Exception naming the first argument (counted from 1) that is not valid UTF-8
   */
  static String[] exact(String[] args) throws NotUtf8Exception {
    boolean utf8 = "UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding", "UTF-8"));
    int suspect = -1;
    for (int i = 0; i < args.length && suspect < 0; i++) {
      if (args[i].indexOf('\uFFFD') >= 0 || (!utf8 && !ascii(args[i]))) {
        suspect = i;
      }
    }
    if (suspect < 0) {
      return args;
    }
    List<byte[]> raw = rawArguments(args.length);
    if (raw == null) {
      throw new NotUtf8Exception("Argument " + (suspect + 1) + " is not valid UTF-8 (or holds U+FFFD, which "
          + "cannot be told apart here) and cannot be carried exactly.");
    }
    String[] exact = args.clone();
    for (int i = 0; i < args.length; i++) {
      try {
        exact[i] = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw.get(i))).toString();
      } catch (CharacterCodingException e) {
        throw new NotUtf8Exception("Argument " + (i + 1) + " is not valid UTF-8 and cannot be carried exactly.");
      }
    }
    return exact;
  }

  private static boolean ascii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  /** The last {@code count} raw arguments of this process, or {@code null} when they cannot be read. */
  private static List<byte[]> rawArguments(int count) {
    byte[] all;
    try {
      all = Files.readAllBytes(Path.of("/proc/self/cmdline"));
    } catch (IOException | RuntimeException e) {
      return null;
    }
    List<byte[]> entries = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < all.length; i++) {
      if (all[i] == 0) {
        byte[] e = new byte[i - start];
        System.arraycopy(all, start, e, 0, e.length);
        entries.add(e);
        start = i + 1;
      }
    }
    if (entries.size() < count) {
      return null;
    }
    return entries.subList(entries.size() - count, entries.size());
  }
}
