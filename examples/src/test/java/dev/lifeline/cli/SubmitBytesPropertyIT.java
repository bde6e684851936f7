package dev.lifeline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 11's property, end to end through the real {@code ./lifeline} launcher, a real SQLite file and tmux on a
 * private socket, under {@code LC_ALL=C} and {@code LC_ALL=C.UTF-8}: random argv, environment (POSIX names, including
 * the ones a shell or the launch wrapper uses) and working directory, given as byte strings (mostly valid UTF-8 of any
 * Unicode: control characters, newlines, quotes, {@code $()}, backslashes, emoji; some invalid sequences). For every
 * job either {@code submit} exited 2 with one sentence and wrote nothing, or the job's process received exactly the
 * submitted bytes: its {@code /proc/PID/cmdline}, its {@code /proc/PID/environ} entries and {@code pwd -P}; a random
 * {@code --name} is stored exactly too (as {@code list --json} shows it).
 *
 * <p>The bytes reach the launcher through {@code /bin/sh -c} with {@code printf} octal escapes (a Java
 * {@code ProcessBuilder} cannot pass invalid UTF-8). The seed is {@code -Dlifeline.seed=N} (default below); a failure
 * names it.
 */
class SubmitBytesPropertyIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long DEFAULT_SEED = 20_261_202L;
  private static final int JOBS = 24;
  private static final int ARGS = 60;
  private static final int ENVS = 10;
  /** The fixed program every job runs: it dumps what its own process received, next to the path given as $0. */
  private static final String DUMP = "/bin/cat \"/proc/$$/cmdline\" > \"$0.cmdline\" && /bin/cat \"/proc/$$/environ\""
      + " > \"$0.environ\" && pwd -P > \"$0.pwd\"";
  private static final List<String> SPECIAL_NAMES = List.of("n", "i", "cwd", "v", "l", "IFS", "PATH", "ENV",
      "BASH_ENV", "PS4", "SHELLOPTS", "_", "HOME", "PWD", "OLDPWD", "CDPATH", "TMUX", "LC_ALL", "LANG", "exit_file",
      "temp_file", "session", "code", "A", "X");
  private static final List<String> SPECIAL_TEXT = List.of("", " ", "-", "--", "--help", "-c", "=", "A=1", "$(touch x)",
      "`id`", "${IFS}", "$0", "$@", "\"", "'", "\\", "\\n", "\\\\", "\\c", "%s", "%b", "\n", "\r\n", "\t", "*", "?",
      "~", "!", ";", "|", "&", "<>", "@", "@/etc/hostname", "@/etc/passwd", "--db", "--socket=x", "submit", "\u00e9",
      "\u65e5\u672c", "\ud83d\ude80", "\ufffd", "\ufeff", "\u202e", "\u2028", "\uffff", "\u0085", "\u00a0");
  private static final List<byte[]> INVALID = List.of(new byte[] {(byte) 0x80}, new byte[] {(byte) 0xbf},
      new byte[] {(byte) 0xc3}, new byte[] {(byte) 0xc0, (byte) 0xaf}, new byte[] {(byte) 0xed, (byte) 0xa0,
          (byte) 0x80}, new byte[] {(byte) 0xf5}, new byte[] {(byte) 0xff}, new byte[] {(byte) 0xfe},
      new byte[] {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, new byte[] {(byte) 0xe2, (byte) 0x82},
      new byte[] {(byte) 0xf0, (byte) 0x9f, (byte) 0x9a});

  @TempDir
  Path dir;

  private final String socket = "lifeline-it-" + UUID.randomUUID().toString().substring(0, 8);

  @AfterEach
  void killOurTmuxServer() {
    Proc.killTmuxServer(socket);
  }

  /** One submitted job: its values as bytes, and whether all of them are valid UTF-8. */
  private record Case(int index, byte[] name, List<byte[]> args, Map<String, byte[]> env, byte[] cwdName,
      boolean carriable) {}

  @ParameterizedTest
  @ValueSource(strings = {"C", "C.UTF-8"})
  void everyJobEitherGetsExactlyTheSubmittedBytesOrIsRefusedWithExit2(String locale) throws Exception {
    assumeTrue(Proc.tmuxAvailable(), "tmux is not installed: this test runs its jobs in tmux");
    long seed = Long.getLong("lifeline.seed", DEFAULT_SEED) + locale.hashCode();
    Random random = new Random(seed);
    Path base = dir.toRealPath();
    Path db = base.resolve("jobs.db");
    Path cwds = Files.createDirectory(base.resolve("cwds"));
    Path out = Files.createDirectory(base.resolve("out"));
    String context = "seed " + seed + ", locale " + locale;

    Map<Long, Case> accepted = new LinkedHashMap<>();
    List<String> mismatches = new ArrayList<>();
    int refused = 0;
    int refusedValues = 0;
    for (int j = 0; j < JOBS; j++) {
      Case c = randomCase(random, j);
      Proc.Result r = submit(locale, db, Files.createDirectory(cwds.resolve("j" + j)), out.resolve("job-" + j), c);
      if (c.carriable()) {
        if (r.code() != 0 || !r.out().matches("[0-9]+\n")) {
          mismatches.add("job " + j + " is valid UTF-8 throughout but submit said: " + r);
          continue;
        }
        accepted.put(Long.parseLong(r.out().strip()), c);
      } else {
        refused++;
        refusedValues += values(c);
        if (r.code() != ExitCodes.USAGE || !r.out().isEmpty() || !oneSentence(r.err())) {
          mismatches.add("job " + j + " holds bytes that are not UTF-8; expected exit 2 and one sentence, got " + r);
        }
      }
    }

    Proc.Result run = lifeline(locale, db, "run", "--until-idle", "--poll", "100ms");
    Proc.Result list = lifeline(locale, db, "list", "--json", "--limit", "1000");
    assertThat(run.code()).as(context + ": " + run).isZero();
    assertThat(list.code()).as(context + ": " + list).isZero();
    Map<Long, String> states = new HashMap<>();
    Map<Long, String> names = new HashMap<>();
    for (JsonNode job : JSON.readTree(list.out())) {
      states.put(job.get("id").asLong(), job.get("state").asText() + " " + job.get("failureReason").asText());
      names.put(job.get("id").asLong(), job.get("name").asText());
    }
    assertThat(states.keySet()).as(context + ": the refused submissions wrote nothing")
        .containsExactlyInAnyOrderElementsOf(accepted.keySet());

    int checked = 0;
    for (Map.Entry<Long, Case> e : accepted.entrySet()) {
      Case c = e.getValue();
      Path dump = out.resolve("job-" + c.index());
      String what = "job " + e.getKey() + " (case " + c.index() + ", " + states.get(e.getKey()) + ")";
      if (!Files.exists(dump.resolveSibling(dump.getFileName() + ".pwd"))) {
        mismatches.add(what + " left no dump");
        continue;
      }
      checked += compare(what, c, dump, cwds.resolve("j" + c.index()), mismatches);
      if (!names.get(e.getKey()).equals(new String(c.name(), StandardCharsets.UTF_8))) {
        mismatches.add(what + ": the name differs: sent " + hex(c.name()) + ", stored "
            + hex(bytes(names.get(e.getKey()))));
      }
    }

    System.out.println("SubmitBytesPropertyIT " + context + ": " + checked + " values checked byte for byte in "
        + accepted.size() + " jobs, " + refused + " jobs (" + refusedValues + " values) refused with exit 2, "
        + mismatches.size() + " mismatches");
    assertThat(mismatches).as(context).isEmpty();
    assertThat(checked).as("values checked at the process").isGreaterThanOrEqualTo(1000);
    assertThat(refused).as("refused jobs").isPositive();
  }

  /** The values compared for {@code c}: every argument, every environment variable, the cwd and the name. */
  private static int values(Case c) {
    return c.args().size() + c.env().size() + 2;
  }

  /** Adds what differs to {@code mismatches}; {@code parent} is the directory the job's cwd was made in. */
  private int compare(String what, Case c, Path dump, Path parent, List<String> mismatches) throws Exception {
    ByteArrayOutputStream cmdline = new ByteArrayOutputStream();
    for (byte[] word : concat(List.of(bytes("/bin/sh"), bytes("-c"), bytes(DUMP), bytes(dump.toString())),
        c.args())) {
      cmdline.write(word);
      cmdline.write(0);
    }
    byte[] gotCmdline = Files.readAllBytes(Path.of(dump + ".cmdline"));
    if (!Arrays.equals(gotCmdline, cmdline.toByteArray())) {
      mismatches.add(what + ": argv differs: sent " + hex(cmdline.toByteArray()) + ", got " + hex(gotCmdline));
    }
    List<byte[]> environ = split(Files.readAllBytes(Path.of(dump + ".environ")));
    for (Map.Entry<String, byte[]> e : c.env().entrySet()) {
      byte[] prefix = bytes(e.getKey() + "=");
      List<byte[]> entries = environ.stream().filter(x -> startsWith(x, prefix)).toList();
      byte[] expected = join(prefix, e.getValue());
      if (entries.size() != 1 || !Arrays.equals(entries.get(0), expected)) {
        mismatches.add(what + ": env " + e.getKey() + " differs: sent " + hex(expected) + ", got "
            + entries.stream().map(SubmitBytesPropertyIT::hex).toList());
      }
    }
    byte[] pwd = Files.readAllBytes(Path.of(dump + ".pwd"));
    byte[] expectedPwd = join(join(bytes(parent.toString()), bytes("/")), join(c.cwdName(), bytes("\n")));
    if (!Arrays.equals(pwd, expectedPwd)) {
      mismatches.add(what + ": cwd differs: sent " + hex(expectedPwd) + ", got " + hex(pwd));
    }
    return values(c); // the name is compared by the caller
  }

  private Proc.Result submit(String locale, Path db, Path cwds, Path dump, Case c) {
    StringBuilder sh = new StringBuilder("set -u\n");
    sh.append(assign("c", c.cwdName())).append("mkdir -- \"$CWDS/$c\" || exit 99\n");
    sh.append(assign("nm", c.name()));
    // --name=VALUE: a separate value starting with '-' would be read as an option (picocli), which is not this test's.
    List<String> words = new ArrayList<>(List.of("exec ./lifeline --db \"$DB\" --socket \"$SOCK\" submit --cwd "
        + "\"$CWDS/$c\" --name=\"$nm\""));
    int k = 0;
    for (Map.Entry<String, byte[]> e : c.env().entrySet()) {
      sh.append(assign("e" + k, join(bytes(e.getKey() + "="), e.getValue())));
      words.add("--env \"$e" + k + "\"");
      k++;
    }
    words.add("-- /bin/sh -c \"$DUMP\" \"$OUT\"");
    for (int i = 0; i < c.args().size(); i++) {
      sh.append(assign("a" + i, c.args().get(i)));
      words.add("\"$a" + i + "\"");
    }
    sh.append(String.join(" ", words)).append('\n');
    return Proc.run(Proc.repoRoot(), Map.of("LC_ALL", locale, "LANG", "", "DB", db.toString(), "SOCK", socket,
        "CWDS", cwds.toString(), "DUMP", DUMP, "OUT", dump.toString()), Duration.ofSeconds(120),
        List.of("/bin/sh", "-c", sh.toString()));
  }

  /** {@code name=BYTES} in sh: every byte an octal escape, and an {@code x} that keeps trailing newlines. */
  private static String assign(String name, byte[] value) {
    StringBuilder sb = new StringBuilder(name).append("=$(printf '");
    for (byte b : value) {
      sb.append('\\').append(String.format("%03o", b & 0xff));
    }
    return sb.append("x'); ").append(name).append("=${").append(name).append("%x}\n").toString();
  }

  private Proc.Result lifeline(String locale, Path db, String... args) {
    List<String> all = new ArrayList<>(List.of("--db", db.toString(), "--socket", socket));
    all.addAll(List.of(args));
    return Proc.lifeline(Map.of("LC_ALL", locale, "LANG", ""), Duration.ofSeconds(120), all.toArray(new String[0]));
  }

  private static Case randomCase(Random random, int index) {
    List<byte[]> args = new ArrayList<>();
    for (int i = 0; i < ARGS; i++) {
      args.add(bytes(randomText(random)));
    }
    Map<String, byte[]> env = new LinkedHashMap<>();
    while (env.size() < ENVS) {
      String name = random.nextInt(2) == 0 ? SPECIAL_NAMES.get(random.nextInt(SPECIAL_NAMES.size()))
          : randomName(random);
      env.putIfAbsent(name, bytes(randomText(random)));
    }
    byte[] cwd = bytes(randomDirectoryName(random));
    byte[] name = bytes(randomText(random));
    if (random.nextInt(4) == 0) {
      byte[] bad = INVALID.get(random.nextInt(INVALID.size()));
      int where = random.nextInt(ARGS + ENVS + 2);
      if (where == ARGS + ENVS + 1) {
        name = spoil(random, name, bad);
      } else if (where < ARGS) {
        args.set(where, spoil(random, args.get(where), bad));
      } else if (where < ARGS + ENVS) {
        String key = new ArrayList<>(env.keySet()).get(where - ARGS);
        env.put(key, spoil(random, env.get(key), bad));
      } else {
        cwd = spoil(random, cwd, bad);
      }
    }
    boolean valid = validUtf8(cwd) && validUtf8(name) && args.stream().allMatch(SubmitBytesPropertyIT::validUtf8)
        && env.values().stream().allMatch(SubmitBytesPropertyIT::validUtf8);
    return new Case(index, name, args, env, cwd, valid);
  }

  /** {@code bad} inserted at a random place; the result is not valid UTF-8 whatever the neighbours. */
  private static byte[] spoil(Random random, byte[] value, byte[] bad) {
    int at = random.nextInt(value.length + 1);
    byte[] out = join(join(Arrays.copyOfRange(value, 0, at), bad), Arrays.copyOfRange(value, at, value.length));
    if (validUtf8(out)) { // a truncated lead byte may have been completed by what follows: spoil the end instead
      out = join(value, new byte[] {(byte) 0xff});
    }
    return out;
  }

  private static String randomName(Random random) {
    String first = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_";
    String rest = first + "0123456789";
    StringBuilder sb = new StringBuilder().append(first.charAt(random.nextInt(first.length())));
    int n = random.nextInt(8);
    for (int i = 0; i < n; i++) {
      sb.append(rest.charAt(random.nextInt(rest.length())));
    }
    return sb.toString();
  }

  private static String randomDirectoryName(Random random) {
    while (true) {
      String s = randomText(random).replace('/', '_');
      if (!s.isEmpty() && !s.equals(".") && !s.equals("..") && bytes(s).length <= 200) {
        return s;
      }
    }
  }

  /** Valid UTF-8 text without NUL: any Unicode, weighted towards what shells, parsers and terminals treat specially. */
  private static String randomText(Random random) {
    if (random.nextInt(8) == 0) {
      return SPECIAL_TEXT.get(random.nextInt(SPECIAL_TEXT.size()));
    }
    StringBuilder sb = new StringBuilder();
    int n = random.nextInt(12);
    for (int i = 0; i < n; i++) {
      int kind = random.nextInt(10);
      int cp = switch (kind) {
        case 0, 1, 2 -> 0x20 + random.nextInt(0x5f);
        case 3 -> 1 + random.nextInt(0x1f);
        case 4 -> 0x7f + random.nextInt(0x81);
        case 5 -> randomBmp(random);
        case 6 -> 0x10000 + random.nextInt(0x10ffff - 0x10000 + 1);
        case 7 -> 0x1f300 + random.nextInt(0x800);
        default -> -1;
      };
      if (cp < 0) {
        sb.append(SPECIAL_TEXT.get(random.nextInt(SPECIAL_TEXT.size())));
      } else {
        sb.appendCodePoint(cp);
      }
    }
    return sb.toString();
  }

  private static int randomBmp(Random random) {
    while (true) {
      int cp = 0x100 + random.nextInt(0x10000 - 0x100);
      if (cp < 0xd800 || cp > 0xdfff) {
        return cp;
      }
    }
  }

  private static boolean oneSentence(String err) {
    return err.endsWith("\n") && err.indexOf('\n') == err.length() - 1 && err.length() > 10
        && !err.contains("Unexpected error") && !err.contains("Exception");
  }

  private static boolean validUtf8(byte[] b) {
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] join(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static List<byte[]> concat(List<byte[]> a, List<byte[]> b) {
    List<byte[]> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  private static boolean startsWith(byte[] x, byte[] prefix) {
    return x.length >= prefix.length && Arrays.equals(x, 0, prefix.length, prefix, 0, prefix.length);
  }

  private static List<byte[]> split(byte[] environ) {
    List<byte[]> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < environ.length; i++) {
      if (environ[i] == 0) {
        out.add(Arrays.copyOfRange(environ, start, i));
        start = i + 1;
      }
    }
    return out;
  }

  private static String hex(byte[] b) {
    StringBuilder sb = new StringBuilder();
    for (byte x : b) {
      sb.append(String.format("%02x", x & 0xff));
    }
    return sb.toString();
  }
}
