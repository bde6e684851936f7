package dev.lifeline.internal.supervisor;

import dev.lifeline.Delivery;
import dev.lifeline.HookTarget;
import dev.lifeline.Job;
import dev.lifeline.spi.HookSender;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The supervisor's standard sender ({@link dev.lifeline.Supervisor.Builder#hookSender}): commands through
 * {@link ProcessBuilder} (no shell), webhooks through the JDK's {@link HttpClient}. Thread-safe.
 */
public final class StandardHookSender implements HookSender {

  private final Duration commandTimeout;
  private final Duration httpTimeout;
  private final WebhookBody body;
  private volatile HttpClient http; // made on the first webhook

  /**
   * @param commandTimeout the longest a command may run
   * @param httpTimeout the longest a webhook may take to connect, and to answer
   * @param body the webhook body
   */
  public StandardHookSender(Duration commandTimeout, Duration httpTimeout, WebhookBody body) {
    this.commandTimeout = positive(commandTimeout, "commandTimeout");
    this.httpTimeout = positive(httpTimeout, "httpTimeout");
    this.body = Objects.requireNonNull(body, "body");
  }

  private static Duration positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
    return d;
  }

  @Override
  public void send(Delivery delivery, Optional<Job> job) throws Exception {
    if (delivery.target() instanceof HookTarget.Command c) {
      run(c, delivery, job);
    } else if (delivery.target() instanceof HookTarget.Webhook w) {
      post(w, delivery, job);
    } else {
      throw new IllegalArgumentException("unknown hook target " + delivery.target());
    }
  }

  private void run(HookTarget.Command c, Delivery delivery, Optional<Job> job) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(c.argv())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().putAll(HookSender.environment(delivery, job));
    job.map(j -> j.spec().cwd()).map(java.io.File::new).filter(java.io.File::isDirectory).ifPresent(pb::directory);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new IOException("the hook command " + c.argv().get(0) + " could not be started: " + e.getMessage(), e);
    }
    p.getOutputStream().close(); // no input
    boolean ended;
    try {
      ended = p.waitFor(commandTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      kill(p);
      throw e;
    }
    if (!ended) {
      kill(p);
      throw new IOException("the hook command " + c.argv().get(0) + " did not finish within "
          + dev.lifeline.internal.view.DurationText.of(commandTimeout) + " and was killed");
    }
    if (p.exitValue() != 0) {
      throw new IOException("the hook command " + c.argv().get(0) + " exited with code " + p.exitValue());
    }
  }

  private static void kill(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
  }

  private void post(HookTarget.Webhook w, Delivery delivery, Optional<Job> job) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(w.url())
        .timeout(httpTimeout)
        .header("Content-Type", "application/json")
        .header("X-Lifeline-Delivery", Long.toString(delivery.id()))
        .POST(HttpRequest.BodyPublishers.ofString(body.render(delivery, job)))
        .build();
    HttpResponse<Void> response;
    try {
      response = client().send(request, HttpResponse.BodyHandlers.discarding());
    } catch (HttpTimeoutException e) {
      throw new IOException("the webhook " + w.url() + " did not answer within "
          + dev.lifeline.internal.view.DurationText.of(httpTimeout), e);
    } catch (IOException e) {
      throw new IOException("the webhook " + w.url() + " could not be reached: "
          + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
    }
    int status = response.statusCode();
    if (status < 200 || status > 299) {
      throw new IOException("the webhook " + w.url() + " answered HTTP " + status);
    }
  }

  private HttpClient client() {
    HttpClient c = http;
    if (c == null) {
      synchronized (this) {
        c = http;
        if (c == null) {
          c = HttpClient.newBuilder()
              .connectTimeout(httpTimeout)
              .followRedirects(HttpClient.Redirect.NEVER)
              .build();
          http = c;
        }
      }
    }
    return c;
  }

  /**
   * The default webhook body: {@code {"delivery":{…},"job":{…}}} with the delivery's fields and the job's id, name,
   * group, state, attempt, exit code and failure (the CLI sends its own {@code show --json} form instead).
   *
   * @param d the delivery
   * @param job the job as stored now, or empty
   * @return the JSON text
   */
  public static String defaultBody(Delivery d, Optional<Job> job) {
    StringBuilder sb = new StringBuilder("{\"delivery\":{");
    sb.append("\"id\":").append(d.id())
        .append(",\"jobId\":").append(d.jobId().value())
        .append(",\"attempt\":").append(d.attempt())
        .append(",\"from\":").append(d.from() == null ? "null" : quote(d.from().name()))
        .append(",\"state\":").append(quote(d.state().name()))
        .append(",\"event\":").append(quote(d.event().name()))
        .append(",\"reason\":").append(d.reason() == null ? "null" : quote(d.reason().name()))
        .append(",\"exitCode\":").append(d.exitCode() == null ? "null" : d.exitCode().toString())
        .append(",\"source\":").append(quote(d.source()))
        .append("}");
    job.ifPresent(j -> sb.append(",\"job\":{")
        .append("\"id\":").append(j.id().value())
        .append(",\"name\":").append(quote(j.spec().name()))
        .append(",\"group\":").append(quote(j.spec().group()))
        .append(",\"state\":").append(quote(j.state().name()))
        .append(",\"attempt\":").append(j.attempt())
        .append(",\"exitCode\":").append(j.exitCode() == null ? "null" : j.exitCode().toString())
        .append(",\"failureReason\":").append(j.failureReason() == null ? "null" : quote(j.failureReason().name()))
        .append(",\"failureDetail\":").append(j.failureDetail() == null ? "null" : quote(j.failureDetail()))
        .append("}"));
    return sb.append("}").toString();
  }

  /** A JSON string (RFC 8259: quote, backslash and control characters escaped). */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
