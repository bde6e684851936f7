package dev.lifeline.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeline.JobId;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.Timeline;
import dev.lifeline.Timeline.Span;
import dev.lifeline.testing.LifecycleHarness;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** A job's history as spans per attempt, and the SVG picture of it. */
class TimelineTest {

  private final LifecycleHarness h = LifecycleHarness.builder()
      .backoff(new dev.lifeline.Backoff(Duration.ofSeconds(30), 1.0, Duration.ofSeconds(30))).build();

  private Timeline timeline(JobId id) {
    return Timeline.of(h.job(id), h.history(id), h.clock().instant());
  }

  private JobId failThenPass() {
    JobId id = h.submit(JobSpec.builder("make").name("build").maxAttempts(2).build()).id();
    h.advance(Duration.ofSeconds(5)).tick();
    h.advance(Duration.ofSeconds(60)).endSession(id, 3).tick();
    h.advance(Duration.ofSeconds(31)).tick();
    h.advance(Duration.ofSeconds(120)).endSession(id, 0).tick(2);
    return id;
  }

  @Test
  void aRetriedJobIsOneRowPerAttemptWithTheWaitsOnTheAttemptTheyLeadTo() {
    JobId id = failThenPass();

    Timeline t = timeline(id);

    assertThat(t.state()).isEqualTo(JobState.COMPLETED);
    assertThat(t.attempts()).isEqualTo(2);
    assertThat(t.spans()).extracting(Span::attempt, Span::state).containsExactly(
        org.assertj.core.groups.Tuple.tuple(1, JobState.QUEUED), org.assertj.core.groups.Tuple.tuple(1,
            JobState.PROCESSING), org.assertj.core.groups.Tuple.tuple(1, JobState.FAILED),
        org.assertj.core.groups.Tuple.tuple(2, JobState.QUEUED), org.assertj.core.groups.Tuple.tuple(2,
            JobState.PROCESSING), org.assertj.core.groups.Tuple.tuple(2, JobState.VERIFICATION),
        org.assertj.core.groups.Tuple.tuple(2, JobState.COMPLETED));
    assertThat(t.spans().get(1).duration()).isEqualTo(Duration.ofSeconds(60));
    assertThat(t.spans().get(2).label()).isEqualTo("EXIT_CODE");
    Span end = t.spans().get(t.spans().size() - 1);
    assertThat(end.duration()).as("the state a finished job ended in takes no time").isZero();
    assertThat(t.end()).isEqualTo(end.from());
    assertThat(t.spans()).allSatisfy(s -> assertThat(s.from()).isBeforeOrEqualTo(s.to()));
    for (int i = 1; i < t.spans().size(); i++) {
      assertThat(t.spans().get(i).from()).isEqualTo(t.spans().get(i - 1).to());
    }
  }

  @Test
  void aHeldWaitIsOneQueuedSpanLabelledHeldAndARunningJobEndsNow() {
    JobId id = h.submit(JobSpec.builder("sleep", "9").name("held one").build()).id();
    h.advance(Duration.ofSeconds(10));
    h.hold(id);
    h.advance(Duration.ofSeconds(10));
    h.release(id);
    h.tick();
    h.advance(Duration.ofSeconds(42)).tick();

    Timeline t = timeline(id);

    assertThat(t.spans()).extracting(Span::state).containsExactly(JobState.QUEUED, JobState.PROCESSING);
    assertThat(t.spans().get(0).label()).isEqualTo("held");
    assertThat(t.spans().get(0).duration()).isEqualTo(Duration.ofSeconds(20));
    assertThat(t.spans().get(1).to()).isEqualTo(h.clock().instant());
    assertThat(t.spans().get(1).duration()).isEqualTo(Duration.ofSeconds(42));
  }

  @Test
  void theSvgIsWellFormedWithOneBarPerSpanColouredByStateAndTheReasonsAsLabels() throws Exception {
    Timeline t = timeline(failThenPass());

    Element svg = parse(t.svg());

    NodeList rects = svg.getElementsByTagName("rect");
    List<Element> bars = new java.util.ArrayList<>();
    for (int i = 0; i < rects.getLength(); i++) {
      Element r = (Element) rects.item(i);
      if ("bar".equals(r.getAttribute("class"))) {
        bars.add(r);
      }
    }
    assertThat(bars).hasSize(t.spans().size());
    for (int i = 0; i < bars.size(); i++) {
      assertThat(bars.get(i).getAttribute("data-state")).isEqualTo(t.spans().get(i).state().name());
      assertThat(bars.get(i).getAttribute("data-attempt")).isEqualTo(Integer.toString(t.spans().get(i).attempt()));
      assertThat(Double.parseDouble(bars.get(i).getAttribute("width"))).isGreaterThanOrEqualTo(3.0);
    }
    assertThat(bars.get(1).getAttribute("fill")).isNotEqualTo(bars.get(2).getAttribute("fill"));
    assertThat(svg.getTextContent()).contains("EXIT_CODE").contains("attempt 2").contains("Job 1 build: COMPLETED");
  }

  @Test
  void aNameOrDetailHoldingMarkupOrControlCharactersStaysText() throws Exception {
    JobId id = h.submit(JobSpec.builder("x").name("<script>alert(1)</script>&\u0007\"").build()).id();
    h.cancel(id);

    String svg = timeline(id).svg();

    assertThat(svg).doesNotContain("<script>").contains("&lt;script&gt;").contains("\\u0007");
    Element root = parse(svg);
    assertThat(root.getElementsByTagName("script").getLength()).isZero();
    assertThat(root.getTextContent()).contains("<script>alert(1)</script>&\\u0007\"");
  }

  @Test
  void aHistoryThatIsEmptyOrAnotherJobsIsRefused() {
    JobId a = h.submit(JobSpec.builder("a").build()).id();
    JobId b = h.submit(JobSpec.builder("b").build()).id();

    assertThatThrownBy(() -> Timeline.of(h.job(a), List.of(), h.clock().instant()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Timeline.of(h.job(a), h.history(b), h.clock().instant()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("job 2");
  }

  private static Element parse(String svg) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)))
        .getDocumentElement();
  }
}
