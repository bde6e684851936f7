package dev.lifeline.tmux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.JobId;
import dev.lifeline.spi.SessionHandle;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PaneListingTest {

  private static final String RUN = "00112233aabbccdd";

  @Test
  void aTaggedSessionWithALivePaneIsAlive() {
    Map<SessionHandle, Boolean> seen = PaneListing.parse(RUN + "|42|3|0|build-42-3\n", RUN);

    assertThat(seen).containsExactly(Map.entry(new SessionHandle(JobId.of(42), 3, "build-42-3"), true));
  }

  @Test
  void aSessionWhosePanesAreAllDeadIsNotAlive() {
    Map<SessionHandle, Boolean> seen = PaneListing.parse(RUN + "|1|1|1|a-1-1\n" + RUN + "|1|1|1|a-1-1\n", RUN);

    assertThat(seen).containsExactly(Map.entry(new SessionHandle(JobId.of(1), 1, "a-1-1"), false));
  }

  @Test
  void oneLivePaneMakesTheSessionAlive() {
    Map<SessionHandle, Boolean> seen = PaneListing.parse(RUN + "|1|1|1|a-1-1\n" + RUN + "|1|1|0|a-1-1\n", RUN);

    assertThat(seen.get(new SessionHandle(JobId.of(1), 1, "a-1-1"))).isTrue();
  }

  @Test
  void untaggedSessionsAndOtherRunDirectoriesAreSkipped() {
    String out = "||||untagged\n"
        + "|5|1|0|no-run-5-1\n"
        + RUN + "||1|0|no-job\n"
        + RUN + "|5||0|no-attempt\n"
        + "ffffffffffffffff|5|1|0|other-run-5-1\n";

    assertThat(PaneListing.parse(out, RUN)).isEmpty();
  }

  @Test
  void malformedTagsAndUnsafeNamesAreSkipped() {
    String out = RUN + "|x|1|0|a\n"
        + RUN + "|0|1|0|zero-id\n"
        + RUN + "|5|0|0|zero-attempt\n"
        + RUN + "|-5|1|0|negative\n"
        + RUN + "|5|1|0|with space\n"
        + RUN + "|5|1|0|with|bar\n"
        + RUN + "|5|1|0|\n"
        + "garbage line\n\n";

    assertThat(PaneListing.parse(out, RUN)).isEmpty();
  }

  @Test
  void sessionsWhoseNamesArePrefixesOfEachOtherStaySeparate() {
    Map<SessionHandle, Boolean> seen = PaneListing.parse(RUN + "|12|1|0|a-12\n", RUN);

    assertThat(seen).containsOnlyKeys(new SessionHandle(JobId.of(12), 1, "a-12"));
    assertThat(seen).doesNotContainKey(new SessionHandle(JobId.of(1), 1, "a-1"));
  }
}
