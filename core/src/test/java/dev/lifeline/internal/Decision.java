package dev.lifeline.internal;

import dev.lifeline.GuardContext;
import dev.lifeline.GuardRejectedException;
import dev.lifeline.IllegalTransitionException;
import dev.lifeline.JobEvent;
import dev.lifeline.JobState;
import dev.lifeline.TransitionException;
import dev.lifeline.TransitionFailedException;
import dev.lifeline.TransitionTable;
import dev.lifeline.TransitionTable.Edge;
import dev.lifeline.TransitionTable.NamedGuard;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An engine's answer reduced to comparable data, and the oracle that reads the answer off the table. */
record Decision(Kind kind, JobState to, String guard, String reason, String step, String cause) {

  enum Kind { TOOK, ILLEGAL, REJECTED, FAILED }

  static Decision took(JobState to) {
    return new Decision(Kind.TOOK, to, null, null, null, null);
  }

  /** Runs {@code engine} and reduces what it returned or threw; checks the exception names the decision. */
  static Decision of(Engine engine, GuardContext c) {
    try {
      Edge e = engine.decide(c);
      if (e.from() != c.job().state() || e.event() != c.event()) {
        throw new AssertionError("the engine returned an edge that does not leave " + c.job().state() + " on "
            + c.event() + ": " + e);
      }
      return took(e.to());
    } catch (TransitionException x) {
      if (!x.jobId().equals(c.job().id()) || x.from() != c.job().state() || x.event() != c.event()) {
        throw new AssertionError("the exception names another decision: " + x);
      }
      if (x instanceof IllegalTransitionException) {
        return new Decision(Kind.ILLEGAL, null, null, null, null, null);
      }
      if (x instanceof GuardRejectedException g) {
        return new Decision(Kind.REJECTED, null, g.guard(), g.reason(), null, null);
      }
      if (x instanceof TransitionFailedException f) {
        return new Decision(Kind.FAILED, null, null, null, f.step(), describe(f.getCause()));
      }
      throw new AssertionError("an engine never loses a race: " + x);
    }
  }

  private static String describe(Throwable t) {
    return t == null ? "no cause" : t.getClass().getName() + ": " + t.getMessage();
  }

  /**
   * What the table says: no edge is illegal; otherwise the edges are tried in table order, each edge's built-in
   * guards then the event's user guards; the first edge whose guards all allow is taken; a throwing guard fails the
   * decision at once; if all refuse, the refusal reported is the one after the most guards had passed (on ties, the
   * one of the edge earlier in the table).
   */
  static Decision oracle(GuardContext c, Map<JobEvent, List<NamedGuard>> userGuards) {
    List<Edge> edges = new ArrayList<>();
    for (Edge e : TransitionTable.standard().edges()) {
      if (e.from() == c.job().state() && e.event() == c.event()) {
        edges.add(e);
      }
    }
    if (edges.isEmpty()) {
      return new Decision(Kind.ILLEGAL, null, null, null, null, null);
    }
    int bestPassed = -1;
    Decision best = null;
    for (Edge e : edges) {
      List<NamedGuard> guards = new ArrayList<>(e.guards());
      guards.addAll(userGuards.getOrDefault(c.event(), List.of()));
      int passed = 0;
      boolean allowed = true;
      for (NamedGuard g : guards) {
        Optional<String> refusal;
        try {
          refusal = g.guard().check(c);
        } catch (RuntimeException x) {
          return new Decision(Kind.FAILED, null, null, null, "guard '" + g.name() + "'", describe(x));
        }
        if (refusal.isPresent()) {
          if (passed > bestPassed) {
            bestPassed = passed;
            best = new Decision(Kind.REJECTED, null, g.name(), refusal.get(), null, null);
          }
          allowed = false;
          break;
        }
        passed++;
      }
      if (allowed) {
        return took(e.to());
      }
    }
    return best;
  }
}
