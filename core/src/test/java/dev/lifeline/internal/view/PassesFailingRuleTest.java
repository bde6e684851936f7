package dev.lifeline.internal.view;

import static dev.lifeline.internal.view.Rows.T;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.spi.PassRecord;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PassesFailingRuleTest {

  private static Optional<PassRecord> failed(int times) {
    return Optional.of(new PassRecord("host:7", T, times, "the store is busy"));
  }

  @Test
  void asManyFailedPassesInARowAsTheThresholdIsAProblemWithTheLatestSentence() {
    assertThat(PassesFailingRule.judge(failed(3), 3)).hasValueSatisfying(p -> {
      assertThat(p.consecutiveFailures()).isEqualTo(3);
      assertThat(p.message()).isEqualTo("the supervisor host:7 failed its last 3 passes: the store is busy");
    });
  }

  @Test
  void fewerFailedPassesThanTheThresholdAreNoProblem() {
    assertThat(PassesFailingRule.judge(failed(2), 3)).isEmpty();
  }

  @Test
  void aCompletedLatestPassOrNoRecordIsNoProblem() {
    assertThat(PassesFailingRule.judge(Optional.of(new PassRecord("host:7", T, 0, null)), 1)).isEmpty();
    assertThat(PassesFailingRule.judge(Optional.empty(), 1)).isEmpty();
  }
}
