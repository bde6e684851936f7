/**
 * One small runnable {@code *Main} per feature, each read top to bottom as numbered steps: embedding Lifeline, a
 * custom START guard, a custom verifier. Each exits 0 when it worked and cleans up its temporary files and its own
 * tmux socket.
 */
package dev.lifeline.examples;
