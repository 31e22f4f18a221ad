package ai.galileo.tracing.console.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.server.WebSocketServer;

/**
 * Live updates for the web view, pushed over a WebSocket at {@code ws://HOST:PORT/live}.
 *
 * <p>Java-WebSocket needs a port of its own, so the pages learn it from {@code /api/live} and
 * the Content Security Policy names it. A browser sends the page's origin with the handshake:
 * only the console's own pages ({@code http://HOST:HTTP_PORT}, HOST being one of the names the
 * console answers to) may connect, so a page from elsewhere cannot read the traces this way. With
 * an API key configured the handshake must also carry a signed-in session's cookie (browsers send
 * a host's cookies to any of its ports), and a connection is closed when its session ends.
 *
 * <p>A client says what it shows: {@code {"subscribe": null}} for the trace list, {@code
 * {"subscribe": "TRACE_ID"}} for a trace. Every client then gets {@code {"type": "trace",
 * "trace": SUMMARY}} when a trace changes or arrives, the subscribers of a trace also its record and
 * {@code {"type": "span", "span": SPAN}} for each span that changes or arrives, and everyone {@code
 * {"type": "pruned"}} when retention removed traces. Changes are read from the database and sent
 * on one thread, after the request that made them was answered, coalesced (at most one batch
 * every 200 ms). When more change at once than is worth reading back one by one, everyone gets
 * {@code {"type": "resync"}} instead and reloads what it shows.
 */
public final class LiveHub extends WebSocketServer implements Storage.Listener {
  private static final Logger LOG = Logger.getLogger(LiveHub.class.getName());
  /** What a client may send: a subscription, nothing large. */
  private static final int MAX_FRAME = 4 * 1024;

  private final Storage storage;
  private final UiApi ui;
  private final Set<String> allowedHosts;
  private final Access access;
  private final CountDownLatch started = new CountDownLatch(1);
  private final AtomicReference<Exception> startFailure = new AtomicReference<>();
  /**
   * Changes waiting beyond these are not read one by one: the pages are told to reload instead
   * (at thousands of spans a second, reading each back would cost as much as storing it).
   */
  public static final int MAX_PENDING_TRACES = 200;
  public static final int MAX_PENDING_SPANS = 2_000;
  /** Changes are sent at most this often, coalesced in between. */
  private static final long FLUSH_EVERY_MS = 200;
  private static final long RESYNC_PAUSE_MS = 1_800;

  private final java.util.concurrent.ScheduledExecutorService sender;
  private final Set<UUID> pendingTraces = ConcurrentHashMap.newKeySet();
  /** Span id to its trace's id. */
  private final java.util.Map<UUID, UUID> pendingSpans = new ConcurrentHashMap<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private volatile boolean pendingPrune;
  private volatile boolean pendingResync;
  private volatile long lastFlush;
  private volatile int httpPort;

  /** Who may open the feed, by the cookies of its handshake. */
  public interface Access {
    /** The session that a handshake's Cookie header holds: an id, or null for none valid. */
    String session(String cookieHeader);

    /** Whether the session (an id from {@link #session}) is still on. */
    boolean isValid(String session);
  }

  /**
   * @param allowedHosts the host names the console answers to; empty for any (then an origin
   *     must still name the host the handshake was sent to)
   */
  public LiveHub(InetSocketAddress address, Storage storage, UiApi ui, Set<String> allowedHosts,
      Access access) {
    super(address, 1, List.of(new Draft_6455(Collections.emptyList(), MAX_FRAME)));
    this.storage = storage;
    this.ui = ui;
    this.allowedHosts = allowedHosts;
    this.access = access;
    setReuseAddr(true);
    setDaemon(true);
    setConnectionLostTimeout(30);
    this.sender = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "galileo-console-live");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Starts listening and waits until it does.
   *
   * @param httpPort the port of the console's pages, the only origin allowed to connect
   * @throws IOException when the port cannot be bound
   */
  public void startAndWait(int httpPort) throws IOException {
    this.httpPort = httpPort;
    start();
    try {
      if (!started.await(10, TimeUnit.SECONDS)) {
        throw new IOException("the live-update server did not start in 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting the live-update server", e);
    }
    Exception failure = startFailure.get();
    if (failure != null) {
      throw new IOException("cannot start the live-update server on " + getAddress() + ": "
          + failure.getMessage(), failure);
    }
  }

  /** Stops listening, closing every connection, and the sending thread. */
  public void close() {
    sender.shutdownNow();
    try {
      stop(1000, "the console is shutting down");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The {@code connect-src} source of a page requested with this Host header. */
  public String connectSource(String hostHeader) {
    String host = hostName(hostHeader);
    if (host == null || (!allowedHosts.isEmpty() && !allowedHosts.contains(host))) {
      return "";
    }
    return "ws://" + host + ":" + getPort();
  }

  // --- the handshake

  @Override
  public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(
      WebSocket conn, Draft draft, ClientHandshake request) throws InvalidDataException {
    ServerHandshakeBuilder builder = super.onWebsocketHandshakeReceivedAsServer(conn, draft, request);
    String path = request.getResourceDescriptor();
    if (path == null || !(path.equals("/live") || path.startsWith("/live?"))) {
      throw new InvalidDataException(CloseFrame.POLICY_VALIDATION, "no such endpoint");
    }
    if (!originAllowed(request.getFieldValue("Origin"), request.getFieldValue("Host"))) {
      throw new InvalidDataException(CloseFrame.POLICY_VALIDATION, "origin not allowed");
    }
    String session = access.session(request.getFieldValue("Cookie"));
    if (session == null) {
      throw new InvalidDataException(CloseFrame.POLICY_VALIDATION, "not signed in");
    }
    conn.setAttachment(new Subscription(null, session));
    return builder;
  }

  /**
   * Whether a handshake comes from one of the console's own pages: the origin is
   * {@code http://HOST:HTTP_PORT}, HOST is the host the handshake was sent to, and, on loopback,
   * one of the console's names.
   */
  boolean originAllowed(String origin, String hostHeader) {
    if (origin == null || origin.isEmpty() || hostHeader == null) {
      return false;
    }
    URI uri;
    try {
      uri = new URI(origin);
    } catch (URISyntaxException e) {
      return false;
    }
    if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || uri.getPort() != httpPort
        || uri.getRawPath() != null && !uri.getRawPath().isEmpty()) {
      return false;
    }
    String originHost = uri.getHost().toLowerCase(Locale.ROOT);
    String host = hostName(hostHeader);
    if (!originHost.equals(host)) {
      return false;
    }
    return allowedHosts.isEmpty() || allowedHosts.contains(originHost);
  }

  /** The host name of a Host header, lower case, without the port; null when there is none. */
  static String hostName(String hostHeader) {
    if (hostHeader == null || hostHeader.isBlank()) {
      return null;
    }
    String h = hostHeader.trim().toLowerCase(Locale.ROOT);
    int colon = h.lastIndexOf(':');
    if (colon > h.lastIndexOf(']')) {
      h = h.substring(0, colon);
    }
    return h.matches("[a-z0-9.\\-]+|\\[[0-9a-f:.]+]") ? h : null;
  }

  // --- connections

  /** What a connection shows, the list (null) or one trace, and the session it opened with. */
  private record Subscription(UUID traceId, String session) {}

  @Override
  public void onOpen(WebSocket conn, ClientHandshake handshake) {
    // The attachment was set at the handshake, with the session.
  }

  /** Closes the connections opened with this session, which has just ended. */
  public void endSession(String session) {
    for (WebSocket c : getConnections()) {
      Subscription s = c.getAttachment();
      if (s != null && session.equals(s.session())) {
        c.close(CloseFrame.POLICY_VALIDATION, "signed out");
      }
    }
  }

  @Override
  public void onMessage(WebSocket conn, String message) {
    try {
      JsonNode m = Json.parse(message.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      JsonNode s = m.get("subscribe");
      UUID trace = s != null && s.isTextual() ? Ids.parse(s.textValue()) : null;
      Subscription before = conn.getAttachment();
      conn.setAttachment(new Subscription(trace, before == null ? null : before.session()));
      conn.send(Json.write(Json.object().put("type", "subscribed")
          .put("trace_id", trace == null ? null : trace.toString())));
    } catch (IOException | RuntimeException e) {
      conn.close(CloseFrame.POLICY_VALIDATION, "expected {\"subscribe\": null or a trace id}");
    }
  }

  @Override
  public void onMessage(WebSocket conn, ByteBuffer message) {
    conn.close(CloseFrame.REFUSE, "text only");
  }

  @Override
  public void onClose(WebSocket conn, int code, String reason, boolean remote) {
    // Nothing kept per connection beyond its attachment.
  }

  @Override
  public void onError(WebSocket conn, Exception e) {
    if (conn == null && started.getCount() > 0) {
      startFailure.set(e);
      started.countDown();
      return;
    }
    // A client going away is routine; anything else is a bug worth seeing.
    LOG.log(e instanceof IOException ? Level.FINE : Level.WARNING, "live-update connection failed", e);
  }

  @Override
  public void onStart() {
    started.countDown();
  }

  // --- changes

  @Override
  public void recordsChanged(Set<UUID> traceIds, java.util.Map<UUID, UUID> spanTraces) {
    if (pendingResync || pendingTraces.size() + traceIds.size() > MAX_PENDING_TRACES
        || pendingSpans.size() + spanTraces.size() > MAX_PENDING_SPANS) {
      pendingResync = true;
      pendingTraces.clear();
      pendingSpans.clear();
    } else {
      pendingTraces.addAll(traceIds);
      pendingSpans.putAll(spanTraces);
    }
    schedule();
  }

  @Override
  public void pruned(int traces) {
    pendingPrune = true;
    schedule();
  }

  private void schedule() {
    if (getConnections().isEmpty()) {
      pendingTraces.clear();
      pendingSpans.clear();
      pendingPrune = false;
      pendingResync = false;
      return;
    }
    if (scheduled.compareAndSet(false, true)) {
      try {
        long wait = Math.max(0, lastFlush + FLUSH_EVERY_MS - System.currentTimeMillis());
        sender.schedule(this::flush, wait, TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        scheduled.set(false); // shutting down
      }
    }
  }

  private void flush() {
    scheduled.set(false);
    lastFlush = System.currentTimeMillis();
    try {
      for (WebSocket c : getConnections()) {
        Subscription s = c.getAttachment();
        if (s == null || !access.isValid(s.session())) {
          c.close(CloseFrame.POLICY_VALIDATION, "session ended");
        }
      }
      if (pendingPrune) {
        pendingPrune = false;
        broadcast(Json.write(Json.object().put("type", "pruned")));
      }
      if (pendingResync) {
        // More changed than is worth sending one by one: every page reloads what it shows.
        pendingResync = false;
        broadcast(Json.write(Json.object().put("type", "resync")));
        lastFlush += RESYNC_PAUSE_MS; // while the flood lasts, pages reload every 2 s at most
        return;
      }
      Set<UUID> traces = drain(pendingTraces);
      java.util.Map<UUID, UUID> spans = new java.util.LinkedHashMap<>();
      for (UUID id : Set.copyOf(pendingSpans.keySet())) {
        UUID trace = pendingSpans.remove(id);
        if (trace != null) {
          spans.put(id, trace);
        }
      }
      if (traces.isEmpty() && spans.isEmpty()) {
        return;
      }
      UiApi.Names names = ui.names();
      for (UUID id : traces) {
        Optional<StoredRecord> trace = storage.trace(id);
        if (trace.isEmpty()) {
          continue;
        }
        ObjectNode summary = ui.summary(trace.get(), names);
        String brief = Json.write(Json.object().put("type", "trace").set("trace", summary));
        ObjectNode full = summary.deepCopy();
        full.set("record", trace.get().body());
        String detailed = Json.write(Json.object().put("type", "trace").set("trace", full));
        for (WebSocket c : getConnections()) {
          Subscription s = c.getAttachment();
          send(c, s != null && id.equals(s.traceId()) ? detailed : brief);
        }
      }
      Set<UUID> watched = new HashSet<>();
      for (WebSocket c : getConnections()) {
        Subscription s = c.getAttachment();
        if (s != null && s.traceId() != null) {
          watched.add(s.traceId());
        }
      }
      if (watched.isEmpty()) {
        return;
      }
      for (java.util.Map.Entry<UUID, UUID> changed : spans.entrySet()) {
        if (!watched.contains(changed.getValue())) {
          continue; // read back only the spans of a trace someone is looking at
        }
        Optional<StoredRecord> span = storage.span(changed.getKey());
        if (span.isEmpty()) {
          continue;
        }
        UUID traceId = span.get().traceId();
        String message = Json.write(Json.object().put("type", "span").set("span", ui.span(span.get(), names)));
        for (WebSocket c : getConnections()) {
          Subscription s = c.getAttachment();
          if (s != null && traceId.equals(s.traceId())) {
            send(c, message);
          }
        }
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "live update failed; the pages will catch up on the next change", e);
    }
  }

  private static Set<UUID> drain(Set<UUID> pending) {
    Set<UUID> out = new java.util.LinkedHashSet<>();
    for (UUID id : pending) {
      if (pending.remove(id)) {
        out.add(id);
      }
    }
    return out;
  }

  private static void send(WebSocket c, String message) {
    try {
      if (c.isOpen()) {
        c.send(message);
      }
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "live update not delivered", e);
    }
  }
}
