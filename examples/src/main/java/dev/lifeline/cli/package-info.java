/**
 * The {@code lifeline} command line: one class per subcommand, each declaring its picocli model in code (no
 * annotations), over a {@link dev.lifeline.cli.Wiring} that opens the SQLite store and the tmux runtime only when a
 * command needs them. Exit codes are {@link dev.lifeline.cli.ExitCodes}.
 */
package dev.lifeline.cli;
