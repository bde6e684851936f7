package dev.lifeline.examples;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Asks tmux, on a named private socket only, whether a server answers there. */
final class TmuxServers {

  /** True when a tmux server answers on socket {@code name} ({@code tmux -L name list-sessions} exits 0). */
  static boolean answers(String name) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("tmux", "-L", name, "list-sessions").redirectErrorStream(true).start();
    p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("tmux -L " + name + " list-sessions did not answer within 10 s");
    }
    return p.exitValue() == 0;
  }

  private TmuxServers() {}
}
