package dev.lifeline.cli;

import dev.lifeline.Job;
import dev.lifeline.JobId;
import dev.lifeline.Lifecycle;
import dev.lifeline.JobState;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** {@code lifeline logs ID}: the captured terminal output of one attempt; {@code --follow} streams it. */
final class LogsCommand implements Callable<Integer> {

  private static final long FOLLOW_POLL_MILLIS = 200;

  private final LifelineCommand root;
  final CommandSpec spec;
  private final PositionalParamSpec idParameter = Specs.jobId();
  private final OptionSpec attemptOption = Specs.option("--attempt", "N", Integer.class,
      "Which attempt (default: the latest). Range: " + new IntConverter(1, Specs.MAX_ATTEMPT).range() + ".")
      .converters(new IntConverter(1, Specs.MAX_ATTEMPT)).build();
  private final OptionSpec followOption = Specs.flag(new String[] {"-f", "--follow"},
      "Stream new output until the attempt has ended.");

  LogsCommand(LifelineCommand root) {
    this.root = root;
    this.spec = Specs.command(this, "logs",
        "Print the captured terminal output of a job's attempt (the latest by default). With --follow, keep "
            + "printing until the attempt's command has ended (waiting for a QUEUED job to start).",
        "  lifeline logs 42", "  lifeline logs 42 --attempt 1", "  lifeline logs 42 --follow")
        .addPositional(idParameter).addOption(attemptOption).addOption(followOption);
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    JobId id = idParameter.getValue();
    Integer attempt = attemptOption.getValue();
    boolean follow = followOption.getValue();
    Wiring w = root.wiring();
    try (Wiring.Opened opened = w.read()) {
      Lifecycle lifecycle = opened.lifecycle();
      Job job = lifecycle.get(id);
      if (attempt != null && (attempt < 1 || (attempt > job.attempt() && !follow))) {
        throw new UserException(ExitCodes.NOT_FOUND, "Job " + id + " has no attempt " + attempt + " (it has had "
            + job.attempt() + ").");
      }
      if (!follow) {
        if (job.attempt() == 0) {
          throw new UserException(ExitCodes.NOT_FOUND, "Job " + id + " has not started yet, so there is no output.");
        }
        int n = attempt != null ? attempt : job.attempt();
        Path log = w.logFile(id, n);
        if (!Files.isRegularFile(log)) {
          throw new UserException(ExitCodes.NOT_FOUND, "No output was captured for job " + id + " attempt " + n
              + " (expected at " + log + ").");
        }
        new Tail(log).drain(spec.commandLine().getOut());
        return ExitCodes.OK;
      }
      return follow(lifecycle, w, job, attempt);
    }
  }

  private int follow(Lifecycle lifecycle, Wiring w, Job job, Integer attempt) throws IOException, InterruptedException {
    JobId id = job.id();
    PrintWriter out = spec.commandLine().getOut();
    int target = attempt != null ? attempt : job.attempt();
    while (target == 0 || job.attempt() < target) {
      if (job.state().isFinal()) {
        throw new UserException(ExitCodes.NOT_FOUND, "Job " + id + " ended " + job.state() + " without running "
            + (target == 0 ? "at all" : "attempt " + target) + ", so there is no output.");
      }
      Thread.sleep(FOLLOW_POLL_MILLIS);
      job = lifecycle.get(id);
      if (attempt == null) {
        target = job.attempt();
      }
    }
    Tail tail = new Tail(w.logFile(id, target));
    while (true) {
      boolean running = job.state() == JobState.PROCESSING && job.attempt() == target;
      tail.drain(out);
      if (!running) {
        return ExitCodes.OK;
      }
      Thread.sleep(FOLLOW_POLL_MILLIS);
      job = lifecycle.get(id);
    }
  }

  /** Reads a growing file from where it last stopped, decoding UTF-8 across reads. Not thread-safe. */
  static final class Tail {
    private final Path file;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final ByteBuffer bytes = ByteBuffer.allocate(64 * 1024);
    private final CharBuffer chars = CharBuffer.allocate(64 * 1024);
    private long position;

    Tail(Path file) {
      this.file = file;
    }

    /** Prints whatever was appended since the last call; a file that does not exist yet has nothing to print. */
    void drain(PrintWriter out) throws IOException {
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
        ch.position(position);
        int n;
        while ((n = ch.read(bytes)) > 0) {
          position += n;
          bytes.flip();
          decoder.decode(bytes, chars, false);
          chars.flip();
          out.append(chars);
          chars.clear();
          bytes.compact();
        }
      } catch (NoSuchFileException absent) {
        // Not created yet: the session has not written anything.
      }
      out.flush();
    }
  }
}
