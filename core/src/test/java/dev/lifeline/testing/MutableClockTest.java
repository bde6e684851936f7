package dev.lifeline.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class MutableClockTest {

  @Test
  void startsWhereToldAndStandsStill() {
    MutableClock clock = new MutableClock(Instant.parse("2030-05-06T07:08:09.010Z"));

    assertThat(clock.instant()).isEqualTo(Instant.parse("2030-05-06T07:08:09.010Z"));
    assertThat(clock.instant()).isEqualTo(clock.instant());
    assertThat(clock.millis()).isEqualTo(Instant.parse("2030-05-06T07:08:09.010Z").toEpochMilli());
  }

  @Test
  void startingAt2026StartsOnNewYear2026() {
    assertThat(MutableClock.startingAt2026().instant()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
  }

  @Test
  void advanceMovesTimeForwardByTheGivenAmount() {
    MutableClock clock = MutableClock.startingAt2026();

    clock.advance(Duration.ofSeconds(90)).advance(Duration.ofMillis(5));

    assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-01T00:01:30.005Z"));
  }

  @Test
  void setJumpsToTheGivenInstantEvenBackwards() {
    MutableClock clock = MutableClock.startingAt2026();

    clock.set(Instant.parse("2025-12-31T23:59:59Z"));

    assertThat(clock.instant()).isEqualTo(Instant.parse("2025-12-31T23:59:59Z"));
  }

  @Test
  void nullInstantsAreRefused() {
    assertThatThrownBy(() -> new MutableClock(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> MutableClock.startingAt2026().set(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void isInUtcAndAZoneChangeKeepsFollowingTheSameTime() {
    MutableClock clock = MutableClock.startingAt2026();
    java.time.Clock zoned = clock.withZone(ZoneId.of("Europe/Berlin"));

    clock.advance(Duration.ofHours(1));

    assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
    assertThat(zoned.instant()).isEqualTo(clock.instant());
  }
}
