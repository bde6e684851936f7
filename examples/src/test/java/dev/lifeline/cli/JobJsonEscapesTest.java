package dev.lifeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@code --json} stays JSON and stays safe on a terminal: every character that {@link Printable} escapes (but
 * surrogates) is written as {@code \\uXXXX}, and a plain JSON reader gets the exact original strings back.
 */
class JobJsonEscapesTest {

  private static final ObjectMapper READER = new ObjectMapper();

  /** DEL, every C1 control, every bidi control, the line and paragraph separators and the byte-order mark. */
  static List<String> namedCases() {
    List<String> cases = new ArrayList<>(List.of("\u007f", "\u061c", "\u200e", "\u200f", "\u2028", "\u2029",
        "\ufeff", "\u001b[31mred\u001b]0;title\u0007", "line\nbreak\r\ttab\u0000nul"));
    for (char c = 0x80; c < 0xa0; c++) {
      cases.add("c1 " + c + " here");
    }
    for (char c = 0x202a; c <= 0x202e; c++) {
      cases.add("bidi " + c + " here");
    }
    for (char c = 0x2066; c <= 0x2069; c++) {
      cases.add("isolate " + c + " here");
    }
    cases.add("kept: é 日本 🚀 \u00a0 \u200b \ufffd");
    return cases;
  }

  private static String decodedBack(String value) throws Exception {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("s", value);
    String json = JobJson.write(m);
    noRawTerminalCharacters(json);
    JsonNode node = READER.readTree(json);
    return node.get("s").asText();
  }

  /** Outside the line breaks of the indentation, no character a terminal would act on. */
  private static void noRawTerminalCharacters(String json) {
    for (String line : json.split("\n", -1)) {
      for (int i = 0; i < line.length(); i++) {
        char c = line.charAt(i);
        assertThat(Printable.unsafe(c) && !Character.isSurrogate(c))
            .as("raw U+%04X in %s", (int) c, line).isFalse();
      }
    }
  }

  @Test
  void everyNamedTerminalCharacterIsEscapedAndDecodesBackExactly() throws Exception {
    for (String value : namedCases()) {
      assertThat(decodedBack(value)).isEqualTo(value);
    }
  }

  @Test
  void delC1BidiSeparatorsAndTheByteOrderMarkAreWrittenAsUnicodeEscapes() {
    String json = JobJson.write(List.of("\u007f\u0085\u009b\u202e\u2066\u2028\u2029\ufeff\u061c"));

    assertThat(json).contains("\\u007F\\u0085\\u009B\\u202E\\u2066\\u2028\\u2029\\uFEFF\\u061C");
  }

  @Test
  void printableLettersAreKeptAsThemselves() {
    assertThat(JobJson.write(List.of("é 日本 🚀"))).contains("\"é 日本 🚀\"");
  }

  @Test
  void randomStringsOverTheWholeBmpDecodeBackExactly() throws Exception {
    Random random = new Random(20261202L);
    for (int n = 0; n < 5_000; n++) {
      StringBuilder sb = new StringBuilder();
      int length = random.nextInt(40);
      for (int i = 0; i < length; i++) {
        if (random.nextInt(20) == 0) {
          sb.appendCodePoint(0x10000 + random.nextInt(0x100000));    // a well-formed surrogate pair
        } else {
          int c;
          do {
            c = random.nextInt(0x10000);
          } while (Character.isSurrogate((char) c));
          sb.append((char) c);
        }
      }
      String value = sb.toString();
      assertThat(decodedBack(value)).as("case %d", n).isEqualTo(value);
    }
  }

  @Test
  void listJsonCarriesATerminalHostileNameEscapedAndExact() throws Exception {
    Cli cli = new Cli();
    String name = "evil\u007f\u009b31m\u202eoll\u2028x\ufeff";
    cli.run("submit", "--name", name, "--", "printf", name);

    Cli.Result list = cli.run("list", "--json");
    Cli.Result show = cli.run("show", "1", "--json");

    assertThat(list.code()).as(list.err()).isZero();
    noRawTerminalCharacters(list.out());
    noRawTerminalCharacters(show.out());
    assertThat(READER.readTree(list.out()).get(0).get("name").asText()).isEqualTo(name);
    assertThat(READER.readTree(show.out()).get("argv").get(1).asText()).isEqualTo(name);
  }
}
