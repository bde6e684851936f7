package dev.lifeline.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.lifeline.HealthQuery;
import dev.lifeline.Job;
import dev.lifeline.JobId;
import dev.lifeline.JobNotFoundException;
import dev.lifeline.JobState;
import dev.lifeline.Lifecycle;
import dev.lifeline.LifelineView;
import dev.lifeline.Timeline;
import dev.lifeline.spi.JobStore;
import dev.lifeline.spi.SessionRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The read-only dashboard of {@code lifeline serve}, on the JDK's {@link HttpServer}: a jobs page, a job page with
 * its timeline picture and log, a health page, JSON under {@code /api/} in the CLI's {@code --json} field names, and
 * {@code /api/events}, a Server-Sent Events stream that says {@code change} whenever the store changes. Every read
 * goes through {@link Lifecycle} and {@link LifelineView}; nothing is ever written. Every response carries a strict
 * Content-Security-Policy, and the pages set every value as text. With a token, each request must carry it (a bearer
 * header, or the cookie a one-time {@code /?token=T} link sets). Thread-safe; close it to stop.
 */
final class Dashboard implements AutoCloseable {

  static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
      + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
  private static final String COOKIE = "lifeline_token";
  private static final Pattern JOB = Pattern.compile("/jobs/([1-9][0-9]{0,18})");
  private static final Pattern API_JOB = Pattern.compile("/api/jobs/([1-9][0-9]{0,18})(/timeline\\.svg|/log)?");
  private static final int LOG_TAIL = 64 * 1024;
  private static final Duration KEEPALIVE = Duration.ofSeconds(15);

  private final Wiring wiring;
  private final JobStore store;
  private final SessionRuntime runtime;
  private final Lifecycle lifecycle;
  private final LifelineView view;
  private final byte[] token;
  private final HttpServer server;
  private final ExecutorService executor;
  private final Thread watcher;
  private final Object changed = new Object();
  private volatile long version;
  private volatile boolean closed;

  /**
   * Opens the store for reading and starts serving on {@code address}.
   *
   * @param token the token every request must carry, or {@code null} for none (loopback only)
   * @throws IOException when the address cannot be bound
   */
  Dashboard(Wiring wiring, InetSocketAddress address, String token) throws IOException {
    this.wiring = wiring;
    this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    this.store = wiring.openForRead();
    try {
      this.runtime = wiring.runtime();
      this.lifecycle = wiring.lifecycle(store);
      this.view = LifelineView.builder().store(store).runtime(runtime).clock(wiring.clock()).build();
      this.server = HttpServer.create(address, 0);
    } catch (IOException | RuntimeException e) {
      store.close();
      throw e;
    }
    this.executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "lifeline-serve");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    this.watcher = new Thread(this::watch, "lifeline-serve-changes");
    watcher.setDaemon(true);
    watcher.start();
    server.start();
  }

  /** The port it listens on (the one the system chose for port 0). */
  int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    closed = true;
    synchronized (changed) {
      changed.notifyAll();
    }
    server.stop(0);
    watcher.interrupt();
    executor.shutdownNow();
    runtime.close();
    store.close();
  }

  /** Bumps {@link #version} whenever the store says it changed, and wakes every event stream. */
  private void watch() {
    while (!closed) {
      try {
        if (view.awaitChange(Duration.ofSeconds(10))) {
          synchronized (changed) {
            version++;
            changed.notifyAll();
          }
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        try {
          Thread.sleep(1000); // the store could not be watched just now; the streams keep their keep-alives
        } catch (InterruptedException stop) {
          return;
        }
      }
    }
  }

  // ---- requests ---------------------------------------------------------------------------------------------------

  private void handle(HttpExchange x) throws IOException {
    try (x) {
      secure(x);
      String method = x.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        x.getResponseHeaders().set("Allow", "GET, HEAD");
        send(x, 405, "text/plain; charset=utf-8", "This dashboard is read-only: GET only.\n");
        return;
      }
      URI uri = x.getRequestURI();
      String path = uri.getRawPath();
      Map<String, String> query = query(uri.getRawQuery());
      if (token != null && !authorized(x)) {
        String given = query.get("token");
        if (given != null && matches(given) && !path.startsWith("/api/")) {
          x.getResponseHeaders().add("Set-Cookie", COOKIE + "=" + given + "; Path=/; HttpOnly; SameSite=Strict");
          x.getResponseHeaders().set("Location", path);
          send(x, 303, "text/plain; charset=utf-8", "");
          return;
        }
        x.getResponseHeaders().set("WWW-Authenticate", "Bearer");
        send(x, 401, "text/plain; charset=utf-8", "This dashboard needs its token: open the link lifeline serve "
            + "printed, or send Authorization: Bearer TOKEN.\n");
        return;
      }
      route(x, path, query);
    } catch (RuntimeException e) {
      send(x, 500, "text/plain; charset=utf-8", Printable.of("The request could not be answered: "
          + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())) + "\n");
    }
  }

  private void route(HttpExchange x, String path, Map<String, String> query) throws IOException {
    switch (path) {
      case "/" -> resource(x, "jobs.html", "text/html; charset=utf-8");
      case "/health" -> resource(x, "health.html", "text/html; charset=utf-8");
      case "/static/app.js" -> resource(x, "app.js", "text/javascript; charset=utf-8");
      case "/static/app.css" -> resource(x, "app.css", "text/css; charset=utf-8");
      case "/api/jobs" -> jobs(x, query);
      case "/api/health" -> json(x, 200, HealthCommand.toJson(view.health(HealthQuery.defaults())));
      case "/api/counts" -> json(x, 200, counts());
      case "/api/events" -> events(x);
      default -> {
        if (JOB.matcher(path).matches()) {
          resource(x, "job.html", "text/html; charset=utf-8");
          return;
        }
        Matcher m = API_JOB.matcher(path);
        if (m.matches()) {
          job(x, JobId.of(Long.parseLong(m.group(1))), m.group(2));
          return;
        }
        send(x, 404, "text/plain; charset=utf-8", "Nothing here: see / for the jobs.\n");
      }
    }
  }

  private void jobs(HttpExchange x, Map<String, String> query) throws IOException {
    Set<JobState> states = EnumSet.noneOf(JobState.class);
    String state = query.get("state");
    if (state != null && !state.isEmpty()) {
      try {
        states.add(JobState.valueOf(state.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        json(x, 400, Map.of("error", "state must be one of " + List.of(JobState.values())));
        return;
      }
    }
    String group = query.get("group");
    String name = query.get("name");
    int limit = 500;
    List<Job> jobs = group == null || group.isEmpty() ? lifecycle.list(states, limit)
        : lifecycle.list(states, group, limit);
    json(x, 200, jobs.stream()
        .filter(j -> name == null || name.isEmpty() || j.name().toLowerCase(Locale.ROOT)
            .contains(name.toLowerCase(Locale.ROOT)))
        .map(JobJson::job).toList());
  }

  /** Jobs per state, every state named: what the jobs page shows on top, without health's look at the sessions. */
  private Map<String, Long> counts() {
    Map<String, Long> m = new LinkedHashMap<>();
    Map<JobState, Long> counts = view.counts();
    for (JobState s : JobState.values()) {
      m.put(s.name(), counts.getOrDefault(s, 0L));
    }
    return m;
  }

  private void job(HttpExchange x, JobId id, String part) throws IOException {
    Job job;
    try {
      job = lifecycle.get(id);
    } catch (JobNotFoundException e) {
      json(x, 404, Map.of("error", "No job with id " + id + "."));
      return;
    }
    if (part == null) {
      Map<String, Object> m = JobJson.jobWithHistory(job, lifecycle.history(id));
      m.put("deliveries", lifecycle.deliveries(id).stream().map(JobJson::delivery).toList());
      json(x, 200, m);
    } else if (part.equals("/timeline.svg")) {
      send(x, 200, "image/svg+xml; charset=utf-8",
          Timeline.of(job, lifecycle.history(id), wiring.clock().instant()).svg());
    } else {
      Path log = job.attempt() < 1 ? null : wiring.logFile(id, job.attempt());
      if (log == null || !Files.isRegularFile(log)) {
        send(x, 404, "text/plain; charset=utf-8", "No output yet.\n");
        return;
      }
      send(x, 200, "text/plain; charset=utf-8", tail(log));
    }
  }

  private static String tail(Path log) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
      long length = f.length();
      long from = Math.max(0, length - LOG_TAIL);
      byte[] bytes = new byte[(int) (length - from)];
      f.seek(from);
      f.readFully(bytes);
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  /** Server-Sent Events: {@code event: change} after each change of the store, a comment every 15 s otherwise. */
  private void events(HttpExchange x) throws IOException {
    x.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    x.sendResponseHeaders(200, 0);
    OutputStream out = x.getResponseBody();
    long seen = version;
    out.write(("retry: 2000\nevent: change\ndata: " + seen + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
    try {
      while (!closed) {
        synchronized (changed) {
          if (version == seen && !closed) {
            changed.wait(KEEPALIVE.toMillis());
          }
        }
        long now = version;
        String message = now != seen ? "event: change\ndata: " + now + "\n\n" : ": keep-alive\n\n";
        seen = now;
        out.write(message.getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException gone) {
      // the browser went away
    }
  }

  // ---- helpers ----------------------------------------------------------------------------------------------------

  private static void secure(HttpExchange x) {
    x.getResponseHeaders().set("Content-Security-Policy", CSP);
    x.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    x.getResponseHeaders().set("Referrer-Policy", "no-referrer");
    x.getResponseHeaders().set("Cache-Control", "no-store");
  }

  private boolean authorized(HttpExchange x) {
    String auth = x.getRequestHeaders().getFirst("Authorization");
    if (auth != null && auth.startsWith("Bearer ") && matches(auth.substring(7).strip())) {
      return true;
    }
    for (String header : x.getRequestHeaders().getOrDefault("Cookie", List.of())) {
      for (String part : header.split(";")) {
        String p = part.strip();
        if (p.startsWith(COOKIE + "=") && matches(p.substring(COOKIE.length() + 1))) {
          return true;
        }
      }
    }
    return false;
  }

  private boolean matches(String given) {
    return MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8));
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> m = new LinkedHashMap<>();
    if (raw == null) {
      return m;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      m.putIfAbsent(k, v);
    }
    return m;
  }

  private static void resource(HttpExchange x, String name, String type) throws IOException {
    try (InputStream in = Dashboard.class.getResourceAsStream("web/" + name)) {
      if (in == null) {
        send(x, 500, "text/plain; charset=utf-8", "The dashboard's " + name + " is missing from the jar.\n");
        return;
      }
      send(x, 200, type, in.readAllBytes());
    }
  }

  private static void json(HttpExchange x, int status, Object value) throws IOException {
    send(x, status, "application/json; charset=utf-8", JobJson.write(value) + "\n");
  }

  private static void send(HttpExchange x, int status, String type, String body) throws IOException {
    send(x, status, type, body.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange x, int status, String type, byte[] body) throws IOException {
    x.getResponseHeaders().set("Content-Type", type);
    boolean head = x.getRequestMethod().equals("HEAD");
    x.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
    if (!head && body.length > 0) {
      x.getResponseBody().write(body);
    }
  }
}
