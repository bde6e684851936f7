package dev.lifeline.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Model.CommandSpec;

/** {@code lifeline completion}: picocli's bash/zsh completion script for every command and option. */
final class CompletionCommand implements Callable<Integer> {

  final CommandSpec spec;

  CompletionCommand() {
    this.spec = Specs.command(this, "completion", "Print a bash/zsh completion script for lifeline.",
        "  source <(lifeline completion)", "  lifeline completion > /etc/bash_completion.d/lifeline");
  }

  @Override
  public Integer call() {
    String script = AutoComplete.bash("lifeline", spec.root().commandLine());
    spec.commandLine().getOut().print(script);
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }
}
