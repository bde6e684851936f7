package dev.lifeline;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A job's history as time spent per attempt: one span for each stretch of time an attempt spent in a state, in order,
 * the reason of a failure as its label. What {@code lifeline show --svg} draws and a dashboard shows ({@link #svg()}).
 * A QUEUED stretch belongs to the attempt it waits for; a held stretch and the QUEUED one around it are one span.
 * Immutable.
 *
 * @param jobId the job
 * @param name the job's name
 * @param state the job's state now
 * @param start when it was submitted
 * @param end its last change when it has ended, else the time the timeline was made
 * @param spans the spans, oldest first
 */
public record Timeline(JobId jobId, String name, JobState state, Instant start, Instant end, List<Span> spans) {

  /**
   * One stretch of time an attempt spent in one state.
   *
   * @param attempt the attempt (1 for the wait before the first start)
   * @param state the state
   * @param from when it entered the state
   * @param to when it left it; equal to {@code from} for the state a finished job ended in
   * @param label the failure reason for a FAILED span, {@code held} for a QUEUED span that was held, else {@code null}
   * @param detail the detail of the change that entered the state, or {@code null}
   */
  public record Span(int attempt, JobState state, Instant from, Instant to, String label, String detail) {
    /**
     * Checks the span.
     *
     * @param attempt the attempt, at least 1
     * @param state the state
     * @param from its start
     * @param to its end, not before {@code from}
     * @param label a label, or {@code null}
     * @param detail a detail, or {@code null}
     */
    public Span {
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      if (attempt < 1 || to.isBefore(from)) {
        throw new IllegalArgumentException("a span needs an attempt of at least 1 and an end not before its start");
      }
    }

    /**
     * How long the attempt spent in the state.
     *
     * @return {@code to - from}
     */
    public Duration duration() {
      return Duration.between(from, to);
    }
  }

  /**
   * Checks and copies the spans.
   *
   * @param jobId the job
   * @param name its name
   * @param state its state now
   * @param start when it was submitted
   * @param end when the timeline ends
   * @param spans its spans
   */
  public Timeline {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    spans = List.copyOf(spans);
    name = name == null ? "" : name;
  }

  /**
   * The timeline of {@code job} from its history.
   *
   * @param job the job as stored now
   * @param history its transitions, oldest first (its SUBMIT row first)
   * @param now the end of a span the job is still in
   * @return the timeline
   * @throws IllegalArgumentException when the history is empty or another job's
   */
  public static Timeline of(Job job, List<Transition> history, Instant now) {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(now, "now");
    if (history.isEmpty()) {
      throw new IllegalArgumentException("job " + job.id() + " has no history to draw");
    }
    List<Span> spans = new ArrayList<>();
    for (int i = 0; i < history.size(); i++) {
      Transition t = history.get(i);
      if (!t.jobId().equals(job.id())) {
        throw new IllegalArgumentException("the history holds job " + t.jobId() + "'s row, not job " + job.id() + "'s");
      }
      boolean last = i == history.size() - 1;
      Instant to = !last ? history.get(i + 1).at() : job.state().isActive() ? later(t.at(), now) : t.at();
      int attempt = t.to() == JobState.QUEUED ? t.attempt() + 1 : Math.max(1, t.attempt());
      String label = t.to() == JobState.FAILED && t.reason() != null ? t.reason().name()
          : t.event() == JobEvent.HOLD ? "held" : null;
      Span previous = spans.isEmpty() ? null : spans.get(spans.size() - 1);
      if (previous != null && previous.state() == t.to() && previous.attempt() == attempt) {
        spans.set(spans.size() - 1, new Span(attempt, t.to(), previous.from(), later(previous.from(), to),
            previous.label() != null ? previous.label() : label, previous.detail()));
      } else {
        spans.add(new Span(attempt, t.to(), t.at(), later(t.at(), to), label, t.detail()));
      }
    }
    Instant end = spans.get(spans.size() - 1).to();
    return new Timeline(job.id(), job.name(), job.state(), history.get(0).at(), end, spans);
  }

  private static Instant later(Instant floor, Instant t) {
    return t.isBefore(floor) ? floor : t;
  }

  /**
   * How many attempts the timeline shows (its rows).
   *
   * @return the highest attempt of a span
   */
  public int attempts() {
    return spans.stream().mapToInt(Span::attempt).max().orElse(1);
  }

  /**
   * The timeline as a standalone SVG picture: one row per attempt, one bar per span coloured by state
   * ({@code <rect class="bar" data-state="..." data-attempt="...">} with a {@code <title>} tooltip), the failure
   * reasons as labels. Every text in it is escaped, so a name or a detail holding markup stays text.
   *
   * @return the SVG document
   */
  public String svg() {
    return dev.lifeline.internal.view.TimelineSvg.render(this);
  }
}
