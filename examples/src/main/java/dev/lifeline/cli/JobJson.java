package dev.lifeline.cli;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lifeline.Job;
import dev.lifeline.JobId;
import dev.lifeline.Transition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes of README, "JSON": a job's fields (camelCase, ISO-8601 UTC times, {@code null} when absent) and its
 * history entries. Written with Jackson, loaded only by {@code --json}. Besides what JSON itself requires, every
 * character that could drive or reorder a terminal is written as a {@code \\uXXXX} escape ({@link TerminalEscapes}),
 * so {@code --json} on a terminal is as safe as the text output and still decodes to the exact strings. Thread-safe.
 */
final class JobJson {

  /** The field names of a job, in output order. */
  static final List<String> JOB_FIELDS = List.of("id", "name", "state", "attempt", "maxAttempts", "priority", "argv",
      "cwd", "session", "exitCode", "failureReason", "failureDetail", "notBefore", "createdAt", "startedAt",
      "finishedAt", "updatedAt", "group", "after", "held", "hooks");

  /** The field names of a delivery ({@code show --json}'s {@code deliveries}), in output order. */
  static final List<String> DELIVERY_FIELDS = List.of("id", "source", "target", "attempt", "state", "event",
      "reason", "exitCode", "status", "tries", "nextAt", "lastError", "createdAt", "finishedAt");

  /** The field names of a history entry, in output order. */
  static final List<String> HISTORY_FIELDS =
      List.of("from", "to", "event", "attempt", "reason", "detail", "actor", "at");

  private static final ObjectMapper MAPPER = new ObjectMapper(new JsonFactoryBuilder()
      .characterEscapes(new TerminalEscapes()).build()).enable(SerializationFeature.INDENT_OUTPUT);

  private JobJson() {}

  static Map<String, Object> job(Job j) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", j.id().value());
    m.put("name", j.name());
    m.put("state", j.state().name());
    m.put("attempt", j.attempt());
    m.put("maxAttempts", j.spec().maxAttempts());
    m.put("priority", j.spec().priority());
    m.put("argv", j.spec().argv());
    m.put("cwd", j.spec().cwd());
    m.put("session", j.session());
    m.put("exitCode", j.exitCode());
    m.put("failureReason", j.failureReason() == null ? null : j.failureReason().name());
    m.put("failureDetail", j.failureDetail());
    m.put("notBefore", time(j.notBefore()));
    m.put("createdAt", time(j.createdAt()));
    m.put("startedAt", time(j.startedAt()));
    m.put("finishedAt", time(j.finishedAt()));
    m.put("updatedAt", time(j.updatedAt()));
    m.put("group", j.spec().group());
    m.put("after", j.spec().after().stream().map(JobId::value).toList());
    m.put("held", j.held());
    m.put("hooks", j.spec().hooks().stream().map(h -> {
      Map<String, Object> hm = new LinkedHashMap<>();
      hm.put("on", h.on().text());
      hm.put("target", target(h.target()));
      return (Object) hm;
    }).toList());
    return m;
  }

  /** A hook target: {@code {"argv": [...]}} or {@code {"url": "..."}}. */
  static Map<String, Object> target(dev.lifeline.HookTarget t) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (t instanceof dev.lifeline.HookTarget.Command c) {
      m.put("argv", c.argv());
    } else {
      m.put("url", ((dev.lifeline.HookTarget.Webhook) t).url().toString());
    }
    return m;
  }

  static Map<String, Object> delivery(dev.lifeline.Delivery d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", d.id());
    m.put("source", d.source());
    m.put("target", target(d.target()));
    m.put("attempt", d.attempt());
    m.put("state", d.state().name());
    m.put("event", d.event().name());
    m.put("reason", d.reason() == null ? null : d.reason().name());
    m.put("exitCode", d.exitCode());
    m.put("status", d.status().name());
    m.put("tries", d.tries());
    m.put("nextAt", d.status() == dev.lifeline.Delivery.Status.PENDING ? time(d.nextAt()) : null);
    m.put("lastError", d.lastError());
    m.put("createdAt", time(d.createdAt()));
    m.put("finishedAt", time(d.finishedAt()));
    return m;
  }

  /**
   * The body the CLI's supervisor POSTs to a webhook: {@code {"delivery": {...}, "job": {...}}}, the job in the
   * {@code show --json} field names as stored when the delivery is tried (compact, one line).
   */
  /** One-line JSON for webhook bodies (the CLI's own output is pretty-printed). */
  private static final ObjectMapper COMPACT = new ObjectMapper();

  static String webhookBody(dev.lifeline.Delivery d, java.util.Optional<Job> job) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("delivery", delivery(d));
    m.put("job", job.map(JobJson::job).orElse(null));
    try {
      return COMPACT.writeValueAsString(m);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("the webhook body could not be written: " + e.getMessage(), e);
    }
  }

  static Map<String, Object> jobWithHistory(Job j, List<Transition> history) {
    Map<String, Object> m = job(j);
    List<Object> h = new ArrayList<>(history.size());
    for (Transition t : history) {
      h.add(transition(t));
    }
    m.put("history", h);
    return m;
  }

  static Map<String, Object> transition(Transition t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("from", t.from() == null ? null : t.from().name());
    m.put("to", t.to().name());
    m.put("event", t.event().name());
    m.put("attempt", t.attempt());
    m.put("reason", t.reason() == null ? null : t.reason().name());
    m.put("detail", t.detail());
    m.put("actor", t.actor());
    m.put("at", time(t.at()));
    return m;
  }

  static String time(Instant i) {
    return i == null ? null : i.toString();
  }

  /**
   * Jackson's escapes plus {@code \\uXXXX} for DEL, the C1 controls, the bidi controls, U+2028, U+2029 and the
   * byte-order mark: the characters {@link Printable} escapes that JSON would otherwise carry raw. Immutable.
   */
  static final class TerminalEscapes extends CharacterEscapes {

    private static final long serialVersionUID = 1L;

    private final int[] ascii;

    TerminalEscapes() {
      ascii = standardAsciiEscapesForJSON();
      ascii[0x7f] = ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii.clone();
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      return escaped(ch) ? new SerializedString(String.format("\\u%04X", ch)) : null;
    }

    /**
     * Whether a non-ASCII UTF-16 unit is one this escapes: those {@link Printable} escapes, except surrogates (a
     * pair is one printable character; a lone surrogate cannot come in through UTF-8 arguments).
     */
    static boolean escaped(int ch) {
      return ch >= 0x80 && ch <= 0xffff && !Character.isSurrogate((char) ch) && Printable.unsafe((char) ch);
    }
  }

  /** Pretty-printed JSON of maps, lists, strings, numbers and booleans. */
  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not write JSON: " + e.getMessage(), e);
    }
  }
}
