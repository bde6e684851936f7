package dev.lifeline.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CountedStringsTest {

  @Test
  void itemsAreWrittenAsCodePointCountColonTextComma() {
    assertThat(CountedStrings.encode(List.of("ab", "", "😀x"))).isEqualTo("2:ab,0:,2:😀x,");
    assertThat(CountedStrings.encode(List.of())).isEmpty();
  }

  @Test
  void textThatLooksLikeTheEncodingItselfRoundTrips() {
    List<String> tricky = List.of("3:ab,", ",", ":", "0:", "12", "1:", "a,b:c", "\n\r\t\u0000", "🚀🎉", "ü");

    assertThat(CountedStrings.decode(CountedStrings.encode(tricky))).isEqualTo(tricky);
  }

  @Test
  void nestedListsRoundTrip() {
    String inner = CountedStrings.encode(List.of("COMMAND", "echo 1,2:3", "PT5M"));
    List<String> outer = List.of(inner, CountedStrings.encode(List.of("APPROVAL")));

    List<String> back = CountedStrings.decode(CountedStrings.encode(outer));

    assertThat(back).isEqualTo(outer);
    assertThat(CountedStrings.decode(back.get(0))).containsExactly("COMMAND", "echo 1,2:3", "PT5M");
  }

  @Test
  void malformedTextIsRejectedWithWhereItWentWrong() {
    assertThatThrownBy(() -> CountedStrings.decode("3:ab")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CountedStrings.decode("2:abc,")).hasMessageContaining("','");
    assertThatThrownBy(() -> CountedStrings.decode("x:a,")).hasMessageContaining("digit");
    assertThatThrownBy(() -> CountedStrings.decode(":a,")).hasMessageContaining("length");
    assertThatThrownBy(() -> CountedStrings.decode("99999999999:a,")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void unpairedSurrogatesAreNotWellFormed() {
    assertThat(CountedStrings.isWellFormed("ok 😀")).isTrue();
    assertThat(CountedStrings.isWellFormed("\uD83D")).isFalse();
    assertThat(CountedStrings.isWellFormed("\uDE00x")).isFalse();
    assertThat(CountedStrings.isWellFormed("x\uD83Dy")).isFalse();
  }
}
