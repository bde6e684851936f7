package dev.lifeline.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code lifeline completion}: picocli's bash/zsh completion script for every command and option. */
@Command(name = "completion",
    description = "Print a bash/zsh completion script for lifeline.",
    footerHeading = "%nExamples:%n",
    footer = {"  source <(lifeline completion)", "  lifeline completion > /etc/bash_completion.d/lifeline"})
final class CompletionCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() {
    String script = AutoComplete.bash("lifeline", spec.root().commandLine());
    spec.commandLine().getOut().print(script);
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }
}
