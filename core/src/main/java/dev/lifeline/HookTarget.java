package dev.lifeline;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What a hook calls: a command run without a shell ({@link Command}) or an HTTP POST ({@link Webhook}). Checked when
 * made, like a {@link JobSpec}: a refused value throws {@link InvalidJobSpecException} naming the field. Immutable.
 */
public sealed interface HookTarget {

  /**
   * The command and its arguments, run exactly as given (no shell), with the delivery in its environment.
   *
   * @param argv the program and its arguments; not empty, no NUL, the program not blank
   */
  record Command(List<String> argv) implements HookTarget {
    /**
     * @param argv the program and its arguments
     * @throws InvalidJobSpecException when it is empty, the program is blank, or an element cannot reach a program
     */
    public Command {
      Objects.requireNonNull(argv, "argv");
      if (argv.isEmpty()) {
        throw new InvalidJobSpecException("hook", "A hook command needs a program: its argv is empty.");
      }
      for (int i = 0; i < argv.size(); i++) {
        if (argv.get(i) == null) {
          throw new InvalidJobSpecException("hook", "The hook command's argv[" + i + "] is null.");
        }
        JobSpec.text("hook", argv.get(i));
      }
      argv = List.copyOf(argv);
      if (argv.get(0).isBlank()) {
        throw new InvalidJobSpecException("hook", "The hook command's program (argv[0]) must not be blank.");
      }
    }

    @Override
    public String describe() {
      return String.join(" ", argv.stream().map(a -> JobSpec.printable(a)).toList());
    }
  }

  /**
   * An HTTP POST of the job's JSON to {@code url}, with the header {@code X-Lifeline-Delivery}.
   *
   * @param url an absolute {@code http} or {@code https} URL with a host
   */
  record Webhook(URI url) implements HookTarget {
    /**
     * @param url the address
     * @throws InvalidJobSpecException when it is not an absolute http or https URL with a host
     */
    public Webhook {
      Objects.requireNonNull(url, "url");
      String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
        throw new InvalidJobSpecException("hook", "The webhook address '" + JobSpec.printable(url.toString())
            + "' is not an absolute http:// or https:// URL with a host.");
      }
    }

    @Override
    public String describe() {
      return "POST " + url;
    }
  }

  /**
   * The target in one line, for a listing.
   *
   * @return {@code argv} joined by spaces, or {@code POST <url>}
   */
  String describe();

  /**
   * A command target.
   *
   * @param argv the program and its arguments
   * @return the target
   */
  static HookTarget command(String... argv) {
    return new Command(List.of(argv));
  }

  /**
   * A command target.
   *
   * @param argv the program and its arguments
   * @return the target
   */
  static HookTarget command(List<String> argv) {
    return new Command(argv);
  }

  /**
   * A webhook target.
   *
   * @param url an absolute http or https URL
   * @return the target
   * @throws InvalidJobSpecException when {@code url} is not one
   */
  static HookTarget webhook(String url) {
    Objects.requireNonNull(url, "url");
    URI uri;
    try {
      uri = new URI(url);
    } catch (java.net.URISyntaxException e) {
      throw new InvalidJobSpecException("hook", "The webhook address '" + JobSpec.printable(url)
          + "' is not a URL: " + e.getReason() + ".");
    }
    return new Webhook(uri);
  }
}
