package ai.galileo.tracing.console.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one HTTP handler: routes a request to Galileo's API (with or without {@code /v2}), the OTLP
 * intake ({@code /v1/traces}, {@code /otel/traces}), the web view's JSON API ({@code /api}) or its
 * pages, and turns whatever goes wrong into a JSON answer.
 * Nothing a client sends can escape as an exception: a bug or a database failure is a 500, and
 * the server goes on.
 */
public final class ConsoleHandler implements HttpHandler {
  private static final Logger LOG = Logger.getLogger(ConsoleHandler.class.getName());
  /** The most of an oversized body read (and dropped) so that its client sees the 413. */
  private static final long DISCARD_LIMIT = 8L * 1024 * 1024;

  private final GalileoApi api;
  private final OtlpIntake otlp;
  private final UiApi ui;
  private final Route pages;
  private final WebAccess access;
  private final long maxBodyBytes;
  private final Set<String> allowedHosts;
  private final java.util.concurrent.atomic.AtomicInteger inFlight =
      new java.util.concurrent.atomic.AtomicInteger();
  private volatile boolean closing;

  /** Routes of one part of the console: an answer, or null when the path is not one of its own. */
  @FunctionalInterface
  public interface Route {
    Reply handle(Exchange ex, List<String> segments) throws IOException;
  }

  /**
   * @param pages the web view's pages, or null for none
   * @param access who may see the web view, {@code /api} included
   * @param allowedHosts host names the {@code Host} header may carry, lower case; empty for any.
   *     A console on the loopback interface answers only to its own names, so a web page that
   *     rebinds its DNS name to 127.0.0.1 cannot read from it.
   */
  public ConsoleHandler(GalileoApi api, OtlpIntake otlp, UiApi ui, Route pages, WebAccess access,
      long maxBodyBytes, Set<String> allowedHosts) {
    this.api = api;
    this.otlp = otlp;
    this.ui = ui;
    this.pages = pages;
    this.access = access;
    this.maxBodyBytes = maxBodyBytes;
    this.allowedHosts = allowedHosts;
  }

  @Override
  public void handle(HttpExchange http) {
    Reply reply;
    Exchange ex = new Exchange(http, maxBodyBytes);
    inFlight.incrementAndGet();
    try {
      reply = closing ? Reply.of(ApiException.detail(503, "The console is shutting down"))
          : route(ex);
    } catch (ApiException e) {
      reply = Reply.of(e);
      if (e.status() == 413) {
        ex.discardOversizedBody(DISCARD_LIMIT);
      }
    } catch (Storage.StorageException e) {
      LOG.log(Level.WARNING, "database failure on " + http.getRequestMethod() + " "
          + http.getRequestURI().getRawPath(), e);
      reply = Reply.of(ApiException.detail(500, "Internal Server Error: the database failed"));
    } catch (IOException e) {
      // The client went away while sending its body: nobody to answer.
      LOG.log(Level.FINE, "request body unreadable", e);
      inFlight.decrementAndGet();
      http.close();
      return;
    } catch (OutOfMemoryError e) {
      // What this request held is garbage now: answer, and keep serving. Letting the Error out
      // would end the thread, the JDK server's own dispatcher among them (it runs requests when
      // the pool is full).
      reply = outOfMemory(http);
    } catch (RuntimeException | Error e) {
      LOG.log(Level.SEVERE, "unexpected failure on " + http.getRequestMethod() + " "
          + http.getRequestURI().getRawPath(), e);
      reply = Reply.of(ApiException.detail(500, "Internal Server Error"));
    }
    try {
      send(http, reply);
    } finally {
      inFlight.decrementAndGet();
    }
  }

  /**
   * Answers 503 from now on and waits, at most {@code timeout}, for the requests being answered
   * to finish: what a client was told was stored is committed before the database closes.
   */
  public void drain(java.time.Duration timeout) {
    closing = true;
    long deadline = System.nanoTime() + timeout.toNanos();
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private Reply route(Exchange ex) throws IOException {
    if (!hostAllowed(ex.header("Host"))) {
      throw ApiException.detail(421, "Misdirected Request: this console does not answer to that host name");
    }
    List<String> s = ex.segments();
    if (s == null) {
      throw ApiException.notFound("Not Found");
    }
    String first = s.isEmpty() ? "" : s.get(0);
    Reply reply;
    if (first.equals("v2")) {
      reply = api.handle(ex, s.subList(1, s.size()));
    } else if (first.equals("v1") || first.equals("otel")) {
      reply = otlp.handle(ex, s); // OTLP/HTTP: /v1/traces, and Galileo's own /otel/traces
    } else if (first.equals("api")) {
      // The traces' content is private: nothing under /api answers without the key or a session.
      access.requireForApi(ex);
      reply = s.size() == 2 && s.get(1).equals("session") ? access.sessionInfo(ex)
          : ui.handle(ex, s.subList(1, s.size()));
    } else {
      reply = access.handle(ex, s);
      if (reply == null && pages != null) {
        reply = pages.handle(ex, s);
      }
      if (reply == null) {
        reply = api.handle(ex, s);
      }
    }
    if (reply == null) {
      throw ApiException.notFound("Not Found");
    }
    return reply;
  }

  private boolean hostAllowed(String host) {
    if (allowedHosts.isEmpty() || host == null) {
      return true;
    }
    String h = host.trim().toLowerCase(Locale.ROOT);
    int colon = h.lastIndexOf(':');
    if (colon > h.lastIndexOf(']')) {
      h = h.substring(0, colon);
    }
    return allowedHosts.contains(h);
  }

  private static Reply outOfMemory(HttpExchange http) {
    try {
      LOG.severe("out of memory on " + http.getRequestMethod() + " " + http.getRequestURI().getRawPath()
          + "; answered 503 (raise -Xmx, or lower --max-traces or --max-body-mb)");
      return Reply.of(ApiException.detail(503, "Service Unavailable: the console ran out of memory"))
          .header("Retry-After", "5");
    } catch (Throwable again) {
      return new Reply(503, Reply.JSON, new byte[0], new java.util.HashMap<>());
    }
  }

  private static void send(HttpExchange http, Reply reply) {
    try (http) {
      var headers = http.getResponseHeaders();
      headers.set("Content-Type", reply.contentType());
      headers.set("X-Content-Type-Options", "nosniff");
      headers.set("Referrer-Policy", "no-referrer");
      if (!headers.containsKey("Cache-Control")) {
        headers.set("Cache-Control", "no-store");
      }
      for (Map.Entry<String, String> h : reply.headers().entrySet()) {
        headers.set(h.getKey(), h.getValue());
      }
      if (reply.status() == 413) {
        headers.set("Connection", "close"); // the unread body is not drained
      }
      boolean head = "HEAD".equals(http.getRequestMethod());
      if (reply.stream() != null) {
        http.sendResponseHeaders(reply.status(), head ? -1 : 0); // 0: chunked
        if (!head) {
          try (OutputStream out = new java.io.BufferedOutputStream(http.getResponseBody(), 32 * 1024)) {
            reply.stream().writeTo(out);
          }
        }
        return;
      }
      byte[] body = reply.body();
      http.sendResponseHeaders(reply.status(), head || body.length == 0 ? -1 : body.length);
      if (!head && body.length > 0) {
        OutputStream out = http.getResponseBody();
        out.write(body);
      }
    } catch (IOException e) {
      LOG.log(Level.FINE, "client went away before the answer", e);
    } catch (OutOfMemoryError e) {
      // Half an answer is out: the client sees it cut short (the connection closes).
      LOG.severe("out of memory while answering " + http.getRequestURI().getRawPath() + "; answer cut short");
    } catch (RuntimeException | Error e) {
      LOG.log(Level.SEVERE, "failed while answering " + http.getRequestURI().getRawPath(), e);
    }
  }
}
