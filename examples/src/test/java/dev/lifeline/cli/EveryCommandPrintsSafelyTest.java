package dev.lifeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.FailureReason;
import dev.lifeline.Job;
import dev.lifeline.JobEvent;
import dev.lifeline.JobId;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.StoreException;
import dev.lifeline.Transition;
import dev.lifeline.VerifierSpec;
import dev.lifeline.spi.Lease;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The printed-names family of issue 11, one case per command output: a name, argv, env value, cwd, reason, session,
 * lease holder or problem holding a newline, an escape sequence and a bidi override reaches stdout and stderr only
 * escaped, and the record it belongs to stays on one line. Values the submit path would refuse or never produce
 * (a session name, a lease holder) are planted in the store, as a tampered database would hold them.
 */
class EveryCommandPrintsSafelyTest {

  static final String EVIL = "evil\n\u001b[31mred\u202e";

  /** {@link #EVIL} as every command must print it: written out here, so the test does not trust Printable. */
  static final String ESCAPED = "evil\\n\\x1b[31mred\\u202e";

  /** The colour codes the CLI itself paints on a terminal, taken out before a terminal's output is checked. */
  private static final Pattern OWN_COLOURS = Pattern.compile("\u001b\\[[0-9]{1,2}m");

  private final Cli cli = new Cli();

  /** Runs a command without and then with a terminal, and checks both runs' stdout and stderr. */
  private List<Cli.Result> inBothModes(String... args) {
    Cli.Result plain = run(false, args);
    Cli.Result terminal = run(true, args);
    assertThat(terminal.out()).as("a terminal gets the same records").contains(ESCAPED);
    return List.of(plain, terminal);
  }

  private Cli.Result run(boolean terminal, String... args) {
    cli.interactive = terminal;
    Cli.Result r = cli.run(args);
    String out = terminal ? OWN_COLOURS.matcher(r.out()).replaceAll("") : r.out();
    String err = terminal ? OWN_COLOURS.matcher(r.err()).replaceAll("") : r.err();
    noControlCharacters(out);
    noControlCharacters(err);
    return new Cli.Result(r.code(), out, err);
  }

  /** No line holds a control character: each one is a whole record. */
  private static void noControlCharacters(String text) {
    for (String line : text.split("\n", -1)) {
      assertThat(line.chars().filter(c -> c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x202e
          || (c >= 0x2066 && c <= 0x2069) || c == 0x2028 || c == 0x2029 || c == 0xfeff).toArray())
          .as("control characters in %s", line).isEmpty();
    }
  }

  private static List<String> linesStartingWith(Cli.Result r, String prefix) {
    return r.out().lines().filter(l -> l.startsWith(prefix)).toList();
  }

  /** Moves a job in the store directly, as a tampered database (or another writer) would leave it. */
  private Job plant(JobId id, JobState to, String session, String detail) {
    Job current = cli.wiring.store.find(id).orElseThrow();
    Instant now = cli.wiring.clock.instant();
    Job next = current.toBuilder().state(to).attempt(1).session(session).failureReason(
        to == JobState.FAILED ? FailureReason.CANCELLED : null).failureDetail(to == JobState.FAILED ? detail : null)
        .startedAt(now).updatedAt(now).version(current.version() + 1).build();
    JobEvent event = switch (to) {
      case PROCESSING -> JobEvent.START;
      case VERIFICATION -> JobEvent.EXITED;
      default -> JobEvent.CANCEL;
    };
    Transition t = new Transition(id, 1, current.state(), to, event, next.failureReason(), detail, EVIL, now);
    assertThat(cli.wiring.store.compareAndSet(current, next, t)).isTrue();
    return next;
  }

  private JobId submitEvilJob() {
    return cli.wiring.lifecycle().submit(JobSpec.builder("printf", EVIL).name(EVIL).cwd("/tmp/" + EVIL)
        .env("K", EVIL).verify(new VerifierSpec.Command(EVIL, Duration.ofMinutes(1)))
        .verify(new VerifierSpec.FileExists(EVIL)).build()).id();
  }

  @Test
  void showPrintsEveryFieldOfAHostileJobEscapedOnItsOwnLine() {
    JobId id = submitEvilJob();
    plant(id, JobState.FAILED, EVIL, EVIL);

    for (Cli.Result r : inBothModes("show", id.toString())) {
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(linesStartingWith(r, "Job 1  ")).singleElement().satisfies(l -> assertThat(l).contains(ESCAPED));
      for (String field : new String[] {"command", "cwd", "env", "session", "failure"}) {
        assertThat(linesStartingWith(r, "  " + field + " ")).as(field).singleElement()
            .satisfies(l -> assertThat(l).contains(ESCAPED));
      }
      assertThat(linesStartingWith(r, "  verify ")).hasSize(2).allSatisfy(l -> assertThat(l).contains(ESCAPED));
      assertThat(r.out().lines().filter(l -> l.contains("  CANCEL  ") && l.contains(ESCAPED))).as("the timeline row")
          .hasSize(1);
    }
  }

  @Test
  void operatorVerbsPrintAHostileReasonEscapedOnTheirOneLine() {
    JobId queued = submitEvilJob();
    JobId verifying = submitEvilJob();
    plant(verifying, JobState.VERIFICATION, "plain-2-1", null);
    JobId approved = submitEvilJob();
    plant(approved, JobState.VERIFICATION, "plain-3-1", null);

    Cli.Result cancel = run(false, "cancel", queued.toString(), "--reason", EVIL);
    Cli.Result reject = run(true, "reject", verifying.toString(), "--reason", EVIL);
    Cli.Result approve = run(false, "approve", approved.toString(), "--reason", EVIL);

    assertThat(cancel.out().lines()).singleElement().isEqualTo("Job 1: QUEUED -> FAILED (CANCELLED: " + ESCAPED + ")");
    assertThat(reject.out().lines()).singleElement()
        .isEqualTo("Job 2: VERIFICATION -> FAILED (VERIFICATION_FAILED: " + ESCAPED + ")");
    assertThat(approve.out().lines()).singleElement().isEqualTo("Job 3: VERIFICATION -> COMPLETED (" + ESCAPED + ")");
  }

  @Test
  void cancellingARunningJobNamesItsHostileSessionEscaped() {
    JobId id = submitEvilJob();
    plant(id, JobState.PROCESSING, EVIL, null);

    Cli.Result r = run(false, "cancel", id.toString());

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err().lines()).singleElement().satisfies(l -> assertThat(l).contains("session " + ESCAPED + " on"));
  }

  @Test
  void healthPrintsAHostileHolderPassProblemRowAndOrphanEscaped() {
    JobId id = submitEvilJob();
    plant(id, JobState.PROCESSING, "evil-1-1", null);
    cli.wiring.store.plantUnreadableRow(JobState.PROCESSING, EVIL);
    Instant now = cli.wiring.clock.instant();
    cli.wiring.store.leases().tryAcquire(new Lease(EVIL, EVIL, 1, now, now), now, Duration.ofSeconds(30), l -> false)
        .orElseThrow();
    for (int i = 0; i < 3; i++) {
      cli.wiring.store.leases().recordPass(EVIL, now, EVIL);
    }
    cli.wiring.runtime.addForeignTaggedSession(JobId.of(99), 1, EVIL);
    cli.wiring.clock.advance(Duration.ofMinutes(5));

    for (Cli.Result r : inBothModes("health")) {
      assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.UNHEALTHY);
      assertThat(linesStartingWith(r, "supervisor: ")).singleElement().satisfies(l -> assertThat(l).contains(ESCAPED));
      assertThat(linesStartingWith(r, "last pass: ")).singleElement().satisfies(l -> assertThat(l).contains(ESCAPED));
      assertThat(linesStartingWith(r, "  orphan ")).singleElement().satisfies(l -> assertThat(l).contains(ESCAPED));
      assertThat(linesStartingWith(r, "  - ")).as("stale lease, failing passes, unreadable row")
          .filteredOn(l -> l.contains(ESCAPED)).hasSizeGreaterThanOrEqualTo(3);
    }
  }

  @Test
  void healthPrintsAHostileReasonTheSessionsAreUnknownEscaped() {
    cli.wiring.runtime.breakRuntime(EVIL);

    for (Cli.Result r : inBothModes("health")) {
      assertThat(linesStartingWith(r, "sessions: unknown (")).singleElement()
          .satisfies(l -> assertThat(l).contains(ESCAPED));
    }
  }

  @Test
  void reconcilePrintsAHostileProblemNoticeAndOrphanEscaped() {
    submitEvilJob();
    cli.wiring.store.plantUnreadableRow(JobState.PROCESSING, EVIL);
    cli.wiring.runtime.addForeignTaggedSession(JobId.of(99), 1, EVIL);

    for (Cli.Result r : inBothModes("reconcile", "--dry-run")) {
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(linesStartingWith(r, "problem: ")).singleElement().satisfies(l -> assertThat(l).contains(ESCAPED));
      assertThat(linesStartingWith(r, "notice: ")).as("the unreadable row and the orphan's session")
          .filteredOn(l -> l.contains(ESCAPED)).hasSize(2);
      assertThat(linesStartingWith(r, "  job 99 ")).as("the orphan").hasSize(1);
    }
  }

  @Test
  void reconcilePrintsAHostileReasonTheSessionsAreUnknownEscaped() {
    cli.wiring.runtime.breakRuntime(EVIL);

    for (Cli.Result r : inBothModes("reconcile", "--dry-run")) {
      assertThat(linesStartingWith(r, "sessions unknown (")).singleElement()
          .satisfies(l -> assertThat(l).contains(ESCAPED));
    }
  }

  @Test
  void doctorPrintsAHostileCheckDetailEscaped() {
    cli.wiring.failOpen = new StoreException(StoreException.Kind.ACCESS, "cannot open /srv/" + EVIL, null);

    for (Cli.Result r : inBothModes("doctor")) {
      assertThat(r.code()).isEqualTo(ExitCodes.STORE);
      assertThat(r.out().lines().filter(l -> l.contains("database"))).singleElement()
          .satisfies(l -> assertThat(l).contains("/srv/" + ESCAPED));
    }
  }

  @Test
  void theDebugStackTraceOfAHostileErrorIsPrintedEscaped() {
    cli.wiring.failOpen = new StoreException(StoreException.Kind.ACCESS, "cannot open /srv/" + EVIL, null);

    Cli.Result r = run(false, "--debug", "list");

    assertThat(r.code()).isEqualTo(ExitCodes.STORE);
    assertThat(r.err().lines().filter(l -> l.contains("/srv/" + ESCAPED))).as("the sentence and the trace's first line")
        .hasSize(2);
    assertThat(r.err()).as("frames indented with spaces").contains("\n    at dev.lifeline.cli.");
  }

  @Test
  void listPrintsAHostileFailureDetailEscapedInItsRow() {
    JobId id = submitEvilJob();
    plant(id, JobState.FAILED, "plain-1-1", EVIL);

    for (Cli.Result r : inBothModes("list")) {
      assertThat(r.out().lines()).as("a header and one row").hasSize(2);
      assertThat(r.out().lines().skip(1)).singleElement().satisfies(l -> assertThat(l).contains("CANCELLED: "
          + ESCAPED));
    }
  }
}
