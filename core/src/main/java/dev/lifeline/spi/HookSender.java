package dev.lifeline.spi;

import dev.lifeline.Delivery;
import dev.lifeline.Job;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Makes one try of a {@link Delivery}: the supervisor calls it after commit, on its hook pool, never on the pass's
 * thread. Returning normally means delivered; an exception means this try failed, its message (one sentence) is
 * recorded as the delivery's last error, and the delivery is tried again with backoff until its tries run out.
 * The supervisor's standard sender runs commands and POSTs webhooks ({@link dev.lifeline.Supervisor.Builder#hookSender});
 * tests substitute a recording one.
 *
 * <p>Implementations must be thread-safe: several deliveries are tried at once.
 */
@FunctionalInterface
public interface HookSender {

  /**
   * Tries to deliver {@code delivery}.
   *
   * @param delivery what to deliver (its target, the change, its id)
   * @param job the job as stored now, or empty when it cannot be read
   * @throws Exception when this try did not deliver it
   */
  void send(Delivery delivery, Optional<Job> job) throws Exception;

  /** What a webhook POSTs. */
  @FunctionalInterface
  interface WebhookBody {
    /**
     * @param delivery the delivery
     * @param job the job as stored now, or empty
     * @return the JSON text to send
     */
    String render(Delivery delivery, Optional<Job> job);
  }

  /**
   * The variables a hook command gets on top of the supervisor's environment: {@code LIFELINE_DELIVERY_ID},
   * {@code LIFELINE_JOB_ID}, {@code LIFELINE_ATTEMPT}, {@code LIFELINE_STATE}, {@code LIFELINE_FROM_STATE} (empty for
   * SUBMIT), {@code LIFELINE_EVENT}, {@code LIFELINE_REASON} and {@code LIFELINE_EXIT_CODE} (empty when none), and,
   * when the job can be read, {@code LIFELINE_JOB_NAME} and {@code LIFELINE_GROUP}.
   *
   * @param delivery the delivery
   * @param job the job as stored now, or empty
   * @return the variables, in that order
   */
  static Map<String, String> environment(Delivery delivery, Optional<Job> job) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("LIFELINE_DELIVERY_ID", Long.toString(delivery.id()));
    env.put("LIFELINE_JOB_ID", delivery.jobId().toString());
    env.put("LIFELINE_ATTEMPT", Integer.toString(delivery.attempt()));
    env.put("LIFELINE_STATE", delivery.state().name());
    env.put("LIFELINE_FROM_STATE", delivery.from() == null ? "" : delivery.from().name());
    env.put("LIFELINE_EVENT", delivery.event().name());
    env.put("LIFELINE_REASON", delivery.reason() == null ? "" : delivery.reason().name());
    env.put("LIFELINE_EXIT_CODE", delivery.exitCode() == null ? "" : delivery.exitCode().toString());
    job.ifPresent(j -> {
      env.put("LIFELINE_JOB_NAME", j.spec().name());
      env.put("LIFELINE_GROUP", j.spec().group());
    });
    return env;
  }
}
