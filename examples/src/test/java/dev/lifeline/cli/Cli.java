package dev.lifeline.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine;

/** Runs the CLI in-process with captured stdout and stderr. */
final class Cli {

  /** What one invocation did. */
  record Result(int code, String out, String err) {}

  final InMemoryWiring wiring = new InMemoryWiring();
  final Map<String, String> env = new HashMap<>();
  boolean interactive;
  LifelineCommand last;

  Result run(String... args) {
    last = new LifelineCommand(env, c -> wiring);
    last.interactive(interactive);
    CommandLine cl = LifelineCommand.commandLine(last, args);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Result(code, out.toString(), err.toString());
  }
}
