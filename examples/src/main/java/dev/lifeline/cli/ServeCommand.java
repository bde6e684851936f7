package dev.lifeline.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * {@code lifeline serve [--listen HOST:PORT] [--token T]}: the read-only dashboard ({@link Dashboard}) in the
 * foreground until SIGTERM or Ctrl-C. Loopback by default; any other address needs a token.
 */
final class ServeCommand implements Callable<Integer> {

  static final String DEFAULT_LISTEN = "127.0.0.1:8377";

  private final LifelineCommand root;
  final CommandSpec spec;
  private final OptionSpec listenOption = Specs.text("--listen", "HOST:PORT", false,
      "Where to listen (default ${DEFAULT-VALUE}; port 0 picks a free one). An address other than loopback needs "
          + "--token.").defaultValue(DEFAULT_LISTEN).build();
  private final OptionSpec tokenOption = Specs.text("--token", "T", false,
      "Every request must carry T: as Authorization: Bearer T, or by the cookie the printed one-time link sets "
          + "(at least 16 characters).").build();

  ServeCommand(LifelineCommand root) {
    this.root = root;
    this.spec = Specs.command(this, "serve",
        "Serve a live, read-only dashboard: the jobs (updated as they change), each job's fields, timeline picture, "
            + "history and log, and health; JSON under /api/ with the --json field names. Ctrl-C stops it.",
        "  lifeline serve", "  lifeline serve --listen 0.0.0.0:8377 --token \"$(openssl rand -hex 16)\"")
        .addOption(listenOption).addOption(tokenOption);
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    InetSocketAddress address = address(listenOption.getValue());
    String token = tokenOption.getValue();
    if (token != null && (token.strip().length() < 16 || !token.chars().allMatch(c -> c > 0x20 && c < 0x7f
        && c != ';' && c != ','))) {
      throw new ParameterException(spec.commandLine(), "--token must be at least 16 printable ASCII characters, "
          + "with no space, ';' or ','");
    }
    if (!address.getAddress().isLoopbackAddress() && token == null) {
      throw new ParameterException(spec.commandLine(), "--listen " + Printable.of(listenOption.getValue())
          + " is not a loopback address: give --token too, so only people with it can read the jobs");
    }
    CountDownLatch stop = new CountDownLatch(1);
    Thread hook = new Thread(stop::countDown, "lifeline-serve-shutdown");
    try (Dashboard dashboard = new Dashboard(root.wiring(), address, token)) {
      Runtime.getRuntime().addShutdownHook(hook);
      PrintWriter out = spec.commandLine().getOut();
      String host = address.getAddress().isAnyLocalAddress() ? InetAddress.getLocalHost().getHostName()
          : address.getHostString();
      String url = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + dashboard.port() + "/";
      out.println("lifeline serve: " + url + " (read-only; Ctrl-C stops)" + (token != null ? "; open "
          + url + "?token=" + token + " once to sign this browser in" : ""));
      out.flush();
      stop.await();
    } catch (java.net.BindException e) {
      throw new UserException(ExitCodes.ERROR, Printable.of("Cannot listen on " + listenOption.getValue() + ": "
          + e.getMessage() + "."), e);
    }
    return ExitCodes.OK;
  }

  private InetSocketAddress address(String text) {
    int colon = text.lastIndexOf(':');
    String host = colon < 0 ? text : text.substring(0, colon);
    String port = colon < 0 ? "" : text.substring(colon + 1);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int p;
    try {
      p = Integer.parseInt(port);
    } catch (NumberFormatException e) {
      p = -1;
    }
    if (host.isEmpty() || p < 0 || p > 65535 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new ParameterException(spec.commandLine(), "--listen takes HOST:PORT (such as " + DEFAULT_LISTEN
          + "), not '" + Printable.of(text) + "'");
    }
    try {
      return new InetSocketAddress(InetAddress.getByName(host), p);
    } catch (UnknownHostException e) {
      throw new ParameterException(spec.commandLine(), "--listen names an unknown host '" + Printable.of(host)
          + "'");
    }
  }
}
