package dev.lifeline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {

  @Test
  void shortFormsAndIsoAreRead() {
    assertThat(DurationConverter.parse("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(DurationConverter.parse("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(DurationConverter.parse("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(DurationConverter.parse("1d")).isEqualTo(Duration.ofDays(1));
    assertThat(DurationConverter.parse("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(DurationConverter.parse("PT5M")).isEqualTo(Duration.ofMinutes(5));
    assertThat(DurationConverter.parse("pt1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(DurationConverter.parse(" 0s ")).isEqualTo(Duration.ZERO);
  }

  @Test
  void anythingElseIsRefusedWithOneSentence() {
    for (String bad : new String[] {"", "5", "m", "5x", "five minutes", "P", "1.5h"}) {
      assertThatThrownBy(() -> DurationConverter.parse(bad)).as(bad)
          .isInstanceOf(TypeConversionException.class)
          .hasMessage("'" + bad + "' is not a duration: write 90s, 5m, 2h or ISO-8601 like PT5M");
    }
    assertThatThrownBy(() -> DurationConverter.parse("-PT5M")).hasMessageContaining("is negative");
  }

  @Test
  void humanFormsAreShort() {
    assertThat(HumanTime.duration(Duration.ofMillis(850))).isEqualTo("850ms");
    assertThat(HumanTime.duration(Duration.ofMillis(4200))).isEqualTo("4.2s");
    assertThat(HumanTime.duration(Duration.ofSeconds(185))).isEqualTo("3m05s");
    assertThat(HumanTime.duration(Duration.ofMinutes(127))).isEqualTo("2h07m");
    assertThat(HumanTime.duration(Duration.ofHours(76))).isEqualTo("3d04h");
  }
}
