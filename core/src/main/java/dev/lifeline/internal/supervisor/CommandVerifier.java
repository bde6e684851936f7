package dev.lifeline.internal.supervisor;

import dev.lifeline.Job;
import dev.lifeline.spi.Verdict;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The built-in command verifier: {@code /bin/sh -c COMMAND} in the job's cwd, with the job's environment plus
 * {@code LIFELINE_JOB_ID} and {@code LIFELINE_ATTEMPT}, passes on exit 0 within the timeout. On timeout or interrupt
 * the command and its descendants are killed. Stateless; thread-safe.
 */
final class CommandVerifier {

  private static final int TAIL_BYTES = 2048;
  private static final int REASON_CHARS = 200;

  private CommandVerifier() {}

  static Verdict run(Job job, String command, Duration timeout) {
    ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", command).redirectErrorStream(true);
    if (job.spec().cwd() != null) {
      pb.directory(new File(job.spec().cwd()));
    }
    pb.environment().putAll(job.spec().env());
    pb.environment().put("LIFELINE_JOB_ID", job.id().toString());
    pb.environment().put("LIFELINE_ATTEMPT", Integer.toString(job.attempt()));
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      return Verdict.failed("verify command `" + command + "` could not be started: " + e.getMessage());
    }
    try {
      p.getOutputStream().close();
    } catch (IOException ignored) {
      // stdin is only closed so the command cannot wait on it.
    }
    Tail tail = new Tail(p.getInputStream());
    tail.start();
    try {
      if (!p.waitFor(SaturatingTime.toMillis(timeout), TimeUnit.MILLISECONDS)) {
        kill(p);
        throw new VerifierTimedOutException("verify command `" + command + "` did not finish within " + timeout);
      }
      tail.join(200);
      int code = p.exitValue();
      if (code == 0) {
        return Verdict.passed();
      }
      String last = tail.lastLine();
      return Verdict.failed("verify command `" + command + "` exited with code " + code
          + (last.isEmpty() ? "" : ": " + last));
    } catch (InterruptedException e) {
      kill(p);
      Thread.currentThread().interrupt();
      return Verdict.failed("verify command `" + command + "` was interrupted");
    }
  }

  private static void kill(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
  }

  /** Keeps the last bytes of the command's output, on a daemon thread. */
  private static final class Tail extends Thread {
    private final InputStream in;
    private final byte[] ring = new byte[TAIL_BYTES];
    private long total;

    Tail(InputStream in) {
      super("lifeline-verify-output");
      this.in = in;
      setDaemon(true);
    }

    @Override
    public void run() {
      byte[] buf = new byte[1024];
      try (in) {
        int n;
        while ((n = in.read(buf)) > 0) {
          synchronized (this) {
            for (int i = 0; i < n; i++) {
              ring[(int) (total++ % TAIL_BYTES)] = buf[i];
            }
          }
        }
      } catch (IOException ignored) {
        // The process ended or was killed; what was read is enough.
      }
    }

    synchronized String lastLine() {
      int len = (int) Math.min(total, TAIL_BYTES);
      byte[] out = new byte[len];
      for (int i = 0; i < len; i++) {
        out[i] = ring[(int) ((total - len + i) % TAIL_BYTES)];
      }
      String text = new String(out, StandardCharsets.UTF_8).strip();
      int nl = text.lastIndexOf('\n');
      String line = (nl < 0 ? text : text.substring(nl + 1)).strip();
      return line.length() > REASON_CHARS ? line.substring(0, REASON_CHARS) + "…" : line;
    }
  }
}
