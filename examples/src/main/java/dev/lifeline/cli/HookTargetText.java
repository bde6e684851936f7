package dev.lifeline.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeline.HookTarget;
import dev.lifeline.HookTrigger;
import dev.lifeline.InvalidJobSpecException;
import dev.lifeline.JobHook;
import java.util.List;
import picocli.CommandLine.TypeConversionException;

/**
 * The text form of a hook target on {@code submit --on-finish CMD} and {@code --on-state STATE:CMD}: an
 * {@code http://} or {@code https://} URL is a webhook; a JSON array of strings ({@code ["notify-send","done"]}) is
 * a command with its arguments, exactly as given; anything else is one program run with no arguments. No shell reads
 * any of it. Stateless.
 */
final class HookTargetText {

  private static final ObjectMapper JSON = new ObjectMapper();

  private HookTargetText() {}

  static HookTarget parse(String text) {
    String t = text.strip();
    try {
      if (t.startsWith("http://") || t.startsWith("https://")) {
        return HookTarget.webhook(t);
      }
      if (t.startsWith("[")) {
        List<String> argv;
        try {
          argv = JSON.readValue(t, new TypeReference<List<String>>() { });
        } catch (java.io.IOException e) {
          throw new TypeConversionException("'" + Printable.of(text) + "' is not a JSON array of strings such as "
              + "[\"notify-send\",\"done\"]");
        }
        if (argv == null || argv.contains(null)) {
          throw new TypeConversionException("'" + Printable.of(text) + "' holds a null where a string belongs");
        }
        return HookTarget.command(argv);
      }
      return HookTarget.command(text);
    } catch (InvalidJobSpecException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }

  /** {@code STATE:CMD} (the trigger may be a state, an event or FINISH). */
  static JobHook parseOnState(String text) {
    int colon = text.indexOf(':');
    if (colon <= 0) {
      throw new TypeConversionException("'" + Printable.of(text) + "' is not STATE:CMD (for example FAILED:./page-me"
          + ".sh)");
    }
    HookTrigger on;
    try {
      on = HookTrigger.parse(text.substring(0, colon));
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
    return new JobHook(on, parse(text.substring(colon + 1)));
  }

  /** A target as {@code hook list} and {@code show} print it: a command's argv quoted as the shell would need. */
  static String describe(HookTarget target) {
    if (target instanceof HookTarget.Command c) {
      return String.join(" ", ShowCommand.quoted(c.argv()));
    }
    return target.describe();
  }
}
