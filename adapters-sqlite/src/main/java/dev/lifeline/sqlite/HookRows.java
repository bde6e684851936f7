package dev.lifeline.sqlite;

import dev.lifeline.Delivery;
import dev.lifeline.FailureReason;
import dev.lifeline.Hook;
import dev.lifeline.HookTarget;
import dev.lifeline.HookTrigger;
import dev.lifeline.JobEvent;
import dev.lifeline.JobHook;
import dev.lifeline.JobId;
import dev.lifeline.JobState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The columns of hooks and deliveries (schema version 5): a target as its kind ({@code COMMAND}, {@code WEBHOOK}) and
 * its text (argv as {@link CountedStrings}, or the URL), a job's own hooks as one counted-string list, and the rows of
 * the {@code hook} and {@code delivery} tables. A value Lifeline never writes is {@link Columns.Undecodable}.
 * Stateless and thread-safe.
 */
final class HookRows {

  private HookRows() {}

  static String kind(HookTarget target) {
    return target instanceof HookTarget.Command ? "COMMAND" : "WEBHOOK";
  }

  static String text(HookTarget target) {
    if (target instanceof HookTarget.Command c) {
      return CountedStrings.encode(c.argv());
    }
    return ((HookTarget.Webhook) target).url().toString();
  }

  static HookTarget target(String kind, String text, String what) {
    try {
      return switch (kind) {
        case "COMMAND" -> HookTarget.command(CountedStrings.decode(text));
        case "WEBHOOK" -> HookTarget.webhook(text);
        default -> throw new Columns.Undecodable(what + " has the target kind " + Columns.quote(kind)
            + ", not COMMAND or WEBHOOK");
      };
    } catch (Columns.Undecodable e) {
      throw e;
    } catch (IllegalArgumentException | dev.lifeline.InvalidJobSpecException e) { // malformed, or refused
      throw new Columns.Undecodable(what + " has a target that is not valid (" + e.getMessage() + ")");
    }
  }

  static HookTrigger trigger(String text, String what) {
    try {
      return HookTrigger.parse(text);
    } catch (IllegalArgumentException e) {
      throw new Columns.Undecodable(what + " fires on " + Columns.quote(text) + ", not a known trigger");
    }
  }

  /** {@code job.hooks}: one item per hook, each the trigger, the target's kind and its text. */
  static String encodeJobHooks(List<JobHook> hooks) {
    if (hooks.isEmpty()) {
      return "";
    }
    List<String> items = new ArrayList<>(hooks.size());
    for (JobHook h : hooks) {
      items.add(CountedStrings.encode(List.of(h.on().text(), kind(h.target()), text(h.target()))));
    }
    return CountedStrings.encode(items);
  }

  static List<JobHook> decodeJobHooks(String text) {
    List<JobHook> out = new ArrayList<>();
    List<String> items;
    try {
      items = CountedStrings.decode(text);
    } catch (IllegalArgumentException e) {
      throw new Columns.Undecodable("hooks is not a list of counted strings (" + e.getMessage() + ")");
    }
    for (String item : items) {
      String which = "hooks item " + (out.size() + 1);
      List<String> f;
      try {
        f = CountedStrings.decode(item);
      } catch (IllegalArgumentException e) {
        throw new Columns.Undecodable(which + " is not a list of counted strings (" + e.getMessage() + ")");
      }
      if (f.size() != 3) {
        throw new Columns.Undecodable(which + " has " + f.size() + " fields, not 3");
      }
      out.add(new JobHook(trigger(f.get(0), which), target(f.get(1), f.get(2), which)));
    }
    return out;
  }

  /** The hook in the current row of {@code rs} (a {@code SELECT} of the {@code hook} columns). */
  static Hook toHook(ResultSet rs) throws SQLException {
    long id = Columns.longValue(rs, "id", 1);
    String what = "hook " + id;
    try {
      return new Hook(id, trigger(Columns.text(rs, "fires_on"), what), Columns.nullableText(rs, "group_name"),
          target(Columns.text(rs, "target_kind"), Columns.text(rs, "target"), what), Columns.nullableText(rs, "actor"),
          Columns.instant(rs, "created_at"));
    } catch (dev.lifeline.InvalidJobSpecException e) {
      throw new Columns.Undecodable(what + " is not valid (" + e.getMessage() + ")");
    }
  }

  /** The delivery in the current row of {@code rs} (a {@code SELECT} of the {@code delivery} columns). */
  static Delivery toDelivery(ResultSet rs) throws SQLException {
    long id = Columns.longValue(rs, "id", 1);
    String what = "delivery " + id;
    return new Delivery(id, JobId.of(Columns.longValue(rs, "job_id", 1)), Columns.intValue(rs, "attempt", 0),
        Columns.nullableEnum(rs, "from_state", JobState.class, "state"),
        Columns.enumValue(rs, "to_state", JobState.class, "state"),
        Columns.enumValue(rs, "event", JobEvent.class, "event"),
        Columns.nullableEnum(rs, "reason", FailureReason.class, "failure reason"),
        Columns.nullableInt(rs, "exit_code"), Columns.text(rs, "source"),
        target(Columns.text(rs, "target_kind"), Columns.text(rs, "target"), what),
        Columns.enumValue(rs, "status", Delivery.Status.class, "delivery status"), Columns.intValue(rs, "tries", 0),
        Columns.instant(rs, "next_at"), Columns.nullableText(rs, "last_error"), Columns.instant(rs, "created_at"),
        Columns.nullableInstant(rs, "finished_at"));
  }
}
