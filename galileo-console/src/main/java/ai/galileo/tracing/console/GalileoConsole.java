package ai.galileo.tracing.console;

import ai.galileo.tracing.console.internal.Auth;
import ai.galileo.tracing.console.internal.ConsoleHandler;
import ai.galileo.tracing.console.internal.GalileoApi;
import ai.galileo.tracing.console.internal.OtlpIntake;
import ai.galileo.tracing.console.internal.LiveHub;
import ai.galileo.tracing.console.internal.Sessions;
import ai.galileo.tracing.console.internal.Storage;
import ai.galileo.tracing.console.internal.UiApi;
import ai.galileo.tracing.console.internal.WebAccess;
import ai.galileo.tracing.console.internal.WebPages;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The local trace console: Galileo's ingest API on HTTP, stored in an embedded database, with a
 * web view of the traces at {@link #url()}.
 *
 * <pre>{@code
 * try (GalileoConsole console = GalileoConsole.builder().port(0).database(":memory:").start()) {
 *   URI api = console.url();   // point GALILEO_API_URL (or Galileo's SDKs) here
 * }
 * }</pre>
 *
 * <p>From the command line, {@link Main} starts one on {@code 127.0.0.1:8088}.
 *
 * @since 0.1.0
 */
public final class GalileoConsole implements AutoCloseable {
  /** The port Galileo's SDKs use for an API on localhost. */
  public static final int DEFAULT_PORT = 8088;
  /** The loopback interface only: the console is for local use. */
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final long DEFAULT_MAX_TRACES = 10_000;
  /**
   * Spans kept at most, whatever their traces: one trace can hold tens of thousands. A stored span
   * takes ~0.85 KB of heap with {@code :memory:} (records of ~400 B of JSON).
   *
   * @since 0.1.0
   */
  public static final long DEFAULT_MAX_SPANS = 1_000_000;
  public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(7);
  public static final long DEFAULT_MAX_BODY_BYTES = 20L * 1024 * 1024;

  private static final Logger LOG = Logger.getLogger(GalileoConsole.class.getName());

  static {
    // The JDK's HTTP server writes a response's headers and body separately: without TCP_NODELAY
    // each small answer waits for the client's delayed ACK (40 ms on Linux). Read once per JVM.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final Storage storage;
  private final HttpServer server;
  private final ConsoleHandler handler;
  private final LiveHub live;
  private final ThreadPoolExecutor executor;
  private final ScheduledExecutorService retention;
  private final Builder settings;
  private final URI url;
  private final java.util.concurrent.atomic.AtomicBoolean pruneQueued =
      new java.util.concurrent.atomic.AtomicBoolean();
  private volatile boolean closed;

  private GalileoConsole(Builder b) throws IOException {
    this.settings = b.copy();
    InetAddress address = InetAddress.getByName(b.host);
    if (!address.isLoopbackAddress() && (b.apiKey == null || b.apiKey.isEmpty())) {
      // Traces hold prompts, documents and answers: never served to the network unguarded.
      throw new IllegalStateException("will not listen on " + b.host + " without an API key: anyone"
          + " who can reach it could read every trace; pass --api-key KEY (or set"
          + " GALILEO_CONSOLE_API_KEY), or listen on 127.0.0.1");
    }
    Storage opened = Storage.open(b.database, b.clock);
    opened.lateSpans(b.strict ? Storage.LateSpans.REFUSE : Storage.LateSpans.MARK);
    ThreadPoolExecutor pool = null;
    HttpServer http = null;
    ConsoleHandler handler;
    LiveHub hub = null;
    ScheduledExecutorService scheduler = null;
    try {
      Auth auth = new Auth(b.apiKey, b.clock);
      WebAccess access = new WebAccess(auth, new Sessions(b.clock));
      GalileoApi api = new GalileoApi(opened, auth, version());
      UiApi ui = new UiApi(opened, b.maxTraces, b.maxSpans, b.maxAge);
      ui.keyThrottle(auth::throttleCounts);
      Set<String> hosts = allowedHosts(address, b.host);
      LiveHub liveHub = new LiveHub(new InetSocketAddress(address, b.livePort), opened, ui, hosts, access);
      hub = liveHub;
      access.onSignOut(liveHub::endSession);
      WebPages pages = new WebPages(liveHub::connectSource, access);
      handler = new ConsoleHandler(api, new OtlpIntake(opened, auth, b.maxBodyBytes), ui, pages,
          access, b.maxBodyBytes, hosts);
      pool = new ThreadPoolExecutor(2, 16, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(256),
          daemonThreads("galileo-console-http"), new ThreadPoolExecutor.CallerRunsPolicy());
      http = HttpServer.create(new InetSocketAddress(address, b.port), 128);
      access.port(http.getAddress().getPort());
      http.createContext("/", handler);
      http.setExecutor(pool);
      http.start();
      liveHub.startAndWait(http.getAddress().getPort());
      ui.livePort(liveHub.getPort());
      opened.listener(liveHub);
      scheduler = Executors.newSingleThreadScheduledExecutor(daemonThreads("galileo-console-retention"));
    } catch (IOException | RuntimeException e) {
      if (http != null) {
        http.stop(0);
      }
      if (hub != null) {
        hub.close();
      }
      if (pool != null) {
        pool.shutdownNow();
      }
      if (scheduler != null) {
        scheduler.shutdownNow();
      }
      opened.close();
      throw e;
    }
    this.storage = opened;
    this.executor = pool;
    this.server = http;
    this.handler = handler;
    this.live = hub;
    this.retention = scheduler;
    int port = http.getAddress().getPort();
    String host = address instanceof Inet6Address ? "[" + address.getHostAddress() + "]"
        : address.getHostAddress();
    this.url = URI.create("http://" + host + ":" + port);
    retention.scheduleWithFixedDelay(this::pruneQuietly, 0,
        Math.max(1, b.retentionInterval.toMillis()), TimeUnit.MILLISECONDS);
    // Traces can arrive faster than one period lets retention keep up with (at 10,000 spans/s a
    // minute is 120,000 traces): past a tenth of a limit in new traces or spans, it runs at once.
    storage.onGrowth(b.maxTraces > 0 ? Math.max(100, b.maxTraces / 10) : 0,
        b.maxSpans > 0 ? Math.max(1_000, b.maxSpans / 10) : 0, this::pruneSoon);
  }

  /** A builder with the defaults: 127.0.0.1:8088, the database under the user's home. */
  public static Builder builder() {
    return new Builder();
  }

  /** {@code http://HOST:PORT}: the API's base URL (Galileo's SDKs add {@code /v2} or not). */
  public URI url() {
    return url;
  }

  /** The port listened on: the one asked for, or the one chosen when asked for 0. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** The port of the web view's live updates (a WebSocket at {@code /live}). */
  public int livePort() {
    return live.getPort();
  }

  /** Where the data is: the database file, or {@code :memory:}. */
  public String databaseLocation() {
    return storage.location();
  }

  /**
   * Applies the retention limits now, rather than at the next periodic run.
   *
   * @return how many traces were removed
   */
  public int pruneNow() {
    return storage.prune(settings.maxTraces, settings.maxSpans, settings.maxAge);
  }

  /** The database location used when none is given: {@code ~/.galileo/console/traces.mv.db}. */
  public static Path defaultDatabase() {
    return Path.of(System.getProperty("user.home"), ".galileo", "console", "traces.mv.db");
  }

  /** The console's version, as built. */
  public static String version() {
    try (InputStream in = GalileoConsole.class.getResourceAsStream("internal/version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** Stops listening, lets requests in flight finish (briefly), and closes the database. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    handler.drain(Duration.ofSeconds(5));
    server.stop(0);
    live.close();
    retention.shutdownNow();
    executor.shutdown();
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
      retention.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    storage.close();
  }

  private void pruneSoon() {
    if (pruneQueued.compareAndSet(false, true)) {
      try {
        retention.execute(() -> {
          pruneQueued.set(false);
          pruneQuietly();
        });
      } catch (java.util.concurrent.RejectedExecutionException e) {
        pruneQueued.set(false); // closing
      }
    }
  }

  private void pruneQuietly() {
    try {
      int removed = pruneNow();
      if (removed > 0) {
        LOG.fine(() -> "retention removed " + removed + " traces");
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "retention failed; will retry", e);
    }
  }

  private static Set<String> allowedHosts(InetAddress address, String configured) {
    if (!address.isLoopbackAddress()) {
      return Set.of();
    }
    Set<String> hosts = new HashSet<>(Set.of("localhost", "127.0.0.1", "[::1]"));
    String h = configured.toLowerCase(Locale.ROOT);
    hosts.add(h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h);
    return Set.copyOf(hosts);
  }

  private static java.util.concurrent.ThreadFactory daemonThreads(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * Settings of a console, checked when set.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private String host = DEFAULT_HOST;
    private int port = DEFAULT_PORT;
    private int livePort;
    private String database = defaultDatabase().toString();
    private String apiKey;
    private long maxTraces = DEFAULT_MAX_TRACES;
    private long maxSpans = DEFAULT_MAX_SPANS;
    private Duration maxAge = DEFAULT_MAX_AGE;
    private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private Duration retentionInterval = Duration.ofMinutes(1);
    private Clock clock = Clock.systemUTC();
    private boolean strict;

    private Builder() {}

    /**
     * The interface to listen on: a name or address. One that is not loopback needs an {@link
     * #apiKey}: the traces are private.
     */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** The port; 0 to have one chosen (see {@link GalileoConsole#port()}). */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0 to 65535: " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * The port of the web view's live updates, a WebSocket (it cannot share the HTTP port); 0,
     * the default, to have one chosen. The pages learn it from the console.
     */
    public Builder livePort(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("livePort must be 0 to 65535: " + port);
      }
      this.livePort = port;
      return this;
    }

    /** The database file, or {@code :memory:} for one that lives as long as the console. */
    public Builder database(String database) {
      this.database = Objects.requireNonNull(database, "database");
      return this;
    }

    /**
     * The only API key accepted (also as a bearer token, or through a login token), by Galileo's
     * API, the web view (after signing in with it) and its {@code /api}; null or empty, the
     * default, accepts any key or none, and then the console must listen on a loopback address.
     */
    /** Why the API key set is easy to guess, never quoting it; null when it is not (or none is set). */
    String apiKeyWeakness() {
      return ai.galileo.tracing.console.internal.KeyStrength.weakness(apiKey);
    }

    public Builder apiKey(String apiKey) {
      this.apiKey = apiKey;
      return this;
    }

    /** The most traces kept; the oldest beyond it are removed. 0 for no limit. */
    public Builder maxTraces(long maxTraces) {
      if (maxTraces < 0) {
        throw new IllegalArgumentException("maxTraces must not be negative: " + maxTraces);
      }
      this.maxTraces = maxTraces;
      return this;
    }

    /**
     * The most spans kept: beyond it the oldest traces are removed, whole, until the spans fit.
     * 0 for no limit.
     *
     * @since 0.1.0
     */
    public Builder maxSpans(long maxSpans) {
      if (maxSpans < 0) {
        throw new IllegalArgumentException("maxSpans must not be negative: " + maxSpans);
      }
      this.maxSpans = maxSpans;
      return this;
    }

    /** How long a trace is kept after it first arrived. Zero for no limit. */
    public Builder maxAge(Duration maxAge) {
      if (maxAge.isNegative()) {
        throw new IllegalArgumentException("maxAge must not be negative: " + maxAge);
      }
      this.maxAge = maxAge;
      return this;
    }

    /** The largest request body accepted; larger ones get 413. */
    public Builder maxBodyBytes(long maxBodyBytes) {
      if (maxBodyBytes < 1) {
        throw new IllegalArgumentException("maxBodyBytes must be positive: " + maxBodyBytes);
      }
      this.maxBodyBytes = maxBodyBytes;
      return this;
    }

    /**
     * Whether to refuse, as Galileo does, a span that arrives for a trace already complete: HTTP
     * 400 {@code {"detail": "Trace is marked as complete"}}, and nothing of the request stored.
     * By default such a span is kept and marked late, so that what production would lose shows.
     */
    public Builder strict(boolean strict) {
      this.strict = strict;
      return this;
    }

    /** How often the retention limits are applied. */
    public Builder retentionInterval(Duration every) {
      if (every.isNegative() || every.isZero()) {
        throw new IllegalArgumentException("retentionInterval must be positive: " + every);
      }
      this.retentionInterval = every;
      return this;
    }

    /** The clock of timestamps and retention; for tests. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Opens the database and starts listening.
     *
     * @throws IOException when the address cannot be bound
     * @throws IllegalStateException when asked to listen beyond loopback without an API key
     * @throws IllegalStateException when the database cannot be opened (in use by another
     *     console, or written by a newer one)
     */
    public GalileoConsole start() throws IOException {
      return new GalileoConsole(this);
    }

    private Builder copy() {
      Builder b = new Builder();
      b.host = host;
      b.port = port;
      b.livePort = livePort;
      b.database = database;
      b.apiKey = apiKey;
      b.maxTraces = maxTraces;
      b.maxSpans = maxSpans;
      b.maxAge = maxAge;
      b.maxBodyBytes = maxBodyBytes;
      b.retentionInterval = retentionInterval;
      b.clock = clock;
      b.strict = strict;
      return b;
    }
  }
}
