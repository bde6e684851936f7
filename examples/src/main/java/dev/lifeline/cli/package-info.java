/**
 * The {@code lifeline} command line: one picocli class per subcommand over a {@link dev.lifeline.cli.Wiring} that
 * opens the SQLite store and the tmux runtime only when a command needs them. Exit codes are
 * {@link dev.lifeline.cli.ExitCodes}.
 */
package dev.lifeline.cli;
