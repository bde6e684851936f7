/**
 * Lifeline's {@link dev.lifeline.spi.SessionRuntime} on tmux: {@link dev.lifeline.tmux.TmuxSessionRuntime} runs each
 * job attempt in its own tagged session on a private socket, captures its exit code and output in files, and wakes
 * a waiting supervisor from tmux hooks. Everything else in this package is internal.
 */
package dev.lifeline.tmux;
