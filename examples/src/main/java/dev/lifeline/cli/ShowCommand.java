package dev.lifeline.cli;

import dev.lifeline.Job;
import dev.lifeline.JobId;
import dev.lifeline.Timeline;
import dev.lifeline.Transition;
import dev.lifeline.VerifierSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;

/** {@code lifeline show ID}: one job and its whole history as a timeline. Never writes the database. */
final class ShowCommand implements Callable<Integer> {

  private final LifelineCommand root;
  final CommandSpec spec;
  private final PositionalParamSpec idParameter = Specs.jobId();
  private final OptionSpec jsonOption = Specs.flag("--json", "The job's fields plus history: [{from, to, event, "
      + "attempt, reason, detail, actor, at}].");
  private final OptionSpec svgOption = Specs.text("--svg", "FILE", false,
      "Write the job's timeline as an SVG picture to FILE (- for stdout) instead: one row per attempt, one bar per "
          + "state it spent time in, the failure reasons as labels.").build();

  ShowCommand(LifelineCommand root) {
    this.root = root;
    this.spec = Specs.command(this, "show",
        "Show one job and its whole transition history as a timeline (or JSON with --json).",
        "  lifeline show 42", "  lifeline show 42 --json | jq '.history[] | [.event, .to, .reason] | @tsv'",
        "  lifeline show 42 --svg job-42.svg")
        .addPositional(idParameter).addOption(jsonOption).addOption(svgOption);
  }

  @Override
  public Integer call() {
    JobId id = idParameter.getValue();
    boolean json = jsonOption.getValue();
    String svg = svgOption.getValue();
    if (json && svg != null) {
      throw new ParameterException(spec.commandLine(), "show takes --json or --svg, not both");
    }
    PrintWriter out = spec.commandLine().getOut();
    Wiring w = root.wiring();
    try (Wiring.Opened opened = w.read()) {
      Job job = opened.lifecycle().get(id);
      List<Transition> history = opened.lifecycle().history(id);
      if (svg != null) {
        writeSvg(svg, Timeline.of(job, history, w.clock().instant()).svg(), out);
        return ExitCodes.OK;
      }
      List<dev.lifeline.Delivery> deliveries = opened.lifecycle().deliveries(id);
      if (json) {
        java.util.Map<String, Object> m = JobJson.jobWithHistory(job, history);
        m.put("deliveries", deliveries.stream().map(JobJson::delivery).toList());
        out.println(JobJson.write(m));
      } else {
        print(out, root.terminal(), job, history, w.clock().instant());
        relatives(out, root.terminal(), job, opened.lifecycle());
        deliveries(out, root.terminal(), deliveries, w.clock().instant());
      }
    }
    return ExitCodes.OK;
  }

  private void writeSvg(String target, String svg, PrintWriter out) {
    if (target.equals("-")) {
      out.print(svg);
      out.flush();
      return;
    }
    Path file = Path.of(target);
    try {
      Files.writeString(file, svg, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      throw new UserException(ExitCodes.ERROR, Printable.of("The timeline cannot be written to " + file + ": "
          + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + "."), e);
    }
    spec.commandLine().getErr().println(Printable.of("Wrote the timeline of job " + idParameter.getValue() + " to "
        + file + "."));
  }

  static void print(PrintWriter out, Terminal term, Job job, List<Transition> history, Instant now) {
    out.println(term.paint("Job " + job.id(), Terminal.BOLD) + "  " + Printable.of(job.name()) + "  "
        + term.state(job.state()) + "  attempt " + job.attempt() + "/" + job.spec().maxAttempts());
    field(out, "command", String.join(" ", quoted(job.spec().argv())));
    field(out, "cwd", job.spec().cwd());
    if (!job.spec().env().isEmpty()) {
      field(out, "env", job.spec().env().toString());
    }
    field(out, "priority", Integer.toString(job.spec().priority()));
    if (!job.spec().group().equals(dev.lifeline.JobSpec.DEFAULT_GROUP)) {
      field(out, "group", job.spec().group());
    }
    if (job.held()) {
      field(out, "held", "yes: it starts only after lifeline release " + job.id());
    }
    if (job.spec().timeout() != null) {
      field(out, "timeout", HumanTime.duration(job.spec().timeout()));
    }
    for (VerifierSpec v : job.spec().verifiers()) {
      field(out, "verify", describe(v));
    }
    for (dev.lifeline.JobHook h : job.spec().hooks()) {
      field(out, "notify", "on " + h.on().text() + ": " + HookTargetText.describe(h.target()));
    }
    field(out, "session", job.session());
    field(out, "exit code", job.exitCode() == null ? null : job.exitCode().toString());
    if (job.failureReason() != null) {
      field(out, "failure", job.failureReason() + (job.failureDetail() != null ? ": " + job.failureDetail() : ""));
    }
    if (job.spec().notBefore() != null) {
      field(out, "first start", "not before " + HumanTime.stamp(job.spec().notBefore()));
    }
    if (job.notBefore() != null && job.notBefore().isAfter(now)) {
      field(out, "not before", HumanTime.stamp(job.notBefore()) + " (" + HumanTime.ago(job.notBefore(), now) + ")");
    }
    field(out, "created", HumanTime.stamp(job.createdAt()) + " (" + HumanTime.ago(job.createdAt(), now) + ")");
    out.println();
    out.println(term.paint("Timeline", Terminal.BOLD));
    timeline(out, term, history, job.state().isActive() ? now : null);
  }

  /** The job's notifications: each delivery with its target, where it stands, its tries and its last error. */
  static void deliveries(PrintWriter out, Terminal term, List<dev.lifeline.Delivery> deliveries, Instant now) {
    if (deliveries.isEmpty()) {
      return;
    }
    out.println();
    out.println(term.paint("Notifications", Terminal.BOLD));
    for (dev.lifeline.Delivery d : deliveries) {
      String status = switch (d.status()) {
        case DELIVERED -> term.paint("delivered", Terminal.GREEN) + " " + HumanTime.ago(d.finishedAt(), now);
        case FAILED -> term.paint("given up", Terminal.RED) + " after " + d.tries()
            + (d.tries() == 1 ? " try" : " tries");
        case PENDING -> (d.tries() == 0 ? "pending" : "retry " + HumanTime.ago(d.nextAt(), now)) + ", " + d.tries()
            + (d.tries() == 1 ? " try" : " tries");
      };
      out.println("  #" + d.id() + "  " + d.event() + " -> " + d.state() + "  " + Printable.of(d.source()) + ": "
          + Printable.of(HookTargetText.describe(d.target())) + "  " + status
          + (d.lastError() != null && d.status() != dev.lifeline.Delivery.Status.DELIVERED
              ? "  (" + Printable.of(d.lastError()) + ")" : ""));
    }
  }

  /** The jobs it waits for and the jobs waiting for it, each with its state now. */
  static void relatives(PrintWriter out, Terminal term, Job job, dev.lifeline.Lifecycle lifecycle) {
    List<JobId> dependents = lifecycle.dependents(job.id());
    if (job.spec().after().isEmpty() && dependents.isEmpty()) {
      return;
    }
    out.println();
    if (!job.spec().after().isEmpty()) {
      out.println(term.paint("Waits for", Terminal.BOLD));
      for (JobId d : job.spec().after()) {
        out.println("  " + relative(term, d, lifecycle));
      }
    }
    if (!dependents.isEmpty()) {
      out.println(term.paint("Waited for by", Terminal.BOLD));
      for (JobId d : dependents) {
        out.println("  " + relative(term, d, lifecycle));
      }
    }
  }

  private static String relative(Terminal term, JobId id, dev.lifeline.Lifecycle lifecycle) {
    return lifecycle.find(id).map(j -> "job " + id + "  " + Printable.of(j.name()) + "  " + term.state(j.state())
        + (j.failureReason() != null ? " (" + j.failureReason() + ")" : ""))
        .orElse("job " + id + "  (not in this store)");
  }

  /**
   * One line per transition: when, how long after the previous one, the event, the move, and why. For a job that
   * is still active, a last line says how long it has been in its current state.
   */
  static void timeline(PrintWriter out, Terminal term, List<Transition> history, Instant nowIfActive) {
    TextTable t = new TextTable("AT", "+", "EVENT", "MOVE", "TRY", "BY", "WHY");
    Instant previous = null;
    for (Transition tr : history) {
      String delta = previous == null ? "" : "+" + HumanTime.duration(Duration.between(previous, tr.at()));
      String move = (tr.from() == null ? "" : tr.from() + " -> ") + tr.to();
      String why = tr.reason() == null ? nz(tr.detail()) : tr.reason() + (tr.detail() != null ? ": " + tr.detail() : "");
      t.row(new String[] {HumanTime.stamp(tr.at()), delta, tr.event().name(), move, Integer.toString(tr.attempt()),
          nz(tr.actor()), why}, new String[] {Terminal.DIM, null, null, Terminal.colorOf(tr.to()), null, Terminal.DIM,
          null});
      previous = tr.at();
    }
    t.print(out, term);
    if (nowIfActive != null && previous != null) {
      out.println("  ... " + HumanTime.duration(Duration.between(previous, nowIfActive)) + " in "
          + history.get(history.size() - 1).to() + " so far");
    }
  }

  static String describe(VerifierSpec v) {
    if (v instanceof VerifierSpec.Command c) {
      return "command `" + c.command() + "` (timeout " + HumanTime.duration(c.timeout()) + ")";
    }
    if (v instanceof VerifierSpec.FileExists f) {
      return "file " + f.path() + " exists";
    }
    if (v instanceof VerifierSpec.Approval) {
      return "operator approval";
    }
    VerifierSpec.Custom c = (VerifierSpec.Custom) v;
    return c.name() + (c.argument().isEmpty() ? "" : " " + c.argument());
  }

  /** One labelled line; the value is made {@link Printable}, so whatever the store holds prints on one line. */
  private static void field(PrintWriter out, String label, String value) {
    if (value != null) {
      out.printf("  %-10s %s%n", label, Printable.of(value));
    }
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  static List<String> quoted(List<String> argv) {
    return argv.stream().map(a -> a.isEmpty() || a.chars().anyMatch(c -> " \t\n'\"$`\\;&|<>()*?".indexOf(c) >= 0)
        ? "'" + a.replace("'", "'\\''") + "'" : a).toList();
  }
}
