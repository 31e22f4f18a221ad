package ai.galileo.tracing.console.internal;

import ai.galileo.tracing.console.internal.Problems.Loc;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * One request as the handlers see it: method, path segments, query parameters, headers, and the
 * body, read on demand and never beyond the size limit.
 */
public final class Exchange {
  private final HttpExchange http;
  private final long maxBodyBytes;
  private final String method;
  private final List<String> segments;
  private final Map<String, String> query;
  private byte[] body;

  Exchange(HttpExchange http, long maxBodyBytes) {
    this.http = http;
    this.maxBodyBytes = maxBodyBytes;
    this.method = http.getRequestMethod().toUpperCase(Locale.ROOT);
    this.segments = segments(http.getRequestURI().getRawPath());
    this.query = parseQuery(http.getRequestURI().getRawQuery());
  }

  public String method() {
    return method;
  }

  /** The decoded path segments; a trailing slash is ignored. Null when the path is malformed. */
  public List<String> segments() {
    return segments;
  }

  public String path() {
    return http.getRequestURI().getRawPath();
  }

  /** The query string as sent, or null. */
  public String rawQuery() {
    return http.getRequestURI().getRawQuery();
  }

  /** A query parameter (the first, when repeated), or null. */
  public String query(String name) {
    return query.get(name);
  }

  /**
   * Whom wrong keys are counted against: the client's address without the port; for IPv6 its
   * /64 network, since one host commonly holds a whole /64 and could otherwise change address
   * at each guess.
   */
  public String client() {
    var remote = http.getRemoteAddress();
    if (remote == null) {
      return "";
    }
    var address = remote.getAddress();
    if (address == null) {
      return remote.getHostString();
    }
    byte[] raw = address.getAddress();
    if (raw.length == 16 && !address.isLoopbackAddress()) {
      return java.util.HexFormat.of().formatHex(raw, 0, 8) + "::/64";
    }
    return address.getHostAddress();
  }

  /** A request header (the first, when repeated), or null. */
  public String header(String name) {
    return http.getRequestHeaders().getFirst(name);
  }

  /**
   * The body, at most the size limit.
   *
   * @throws ApiException 413 when it is larger, found from Content-Length before anything is read
   */
  public byte[] body() throws IOException {
    if (body != null) {
      return body;
    }
    String length = header("Content-Length");
    if (length != null) {
      try {
        if (Long.parseLong(length.trim()) > maxBodyBytes) {
          throw tooLarge();
        }
      } catch (NumberFormatException e) {
        throw ApiException.detail(400, "Content-Length is not a number");
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[16 * 1024];
    try (InputStream in = http.getRequestBody()) {
      int n;
      while ((n = in.read(buf)) > 0) {
        if (out.size() + (long) n > maxBodyBytes) {
          throw tooLarge();
        }
        out.write(buf, 0, n);
      }
    }
    body = out.toByteArray();
    return body;
  }

  /**
   * The body as JSON.
   *
   * @throws ApiException 422 {@code json_invalid} (as FastAPI answers) when it is not JSON
   */
  public JsonNode json() throws IOException {
    byte[] raw = body();
    try {
      return Json.parse(raw);
    } catch (JsonProcessingException e) {
      long at = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getCharOffset());
      String why = e.getOriginalMessage();
      throw ApiException.validation(new Problems().add(Loc.of("body").index((int) Math.min(at, Integer.MAX_VALUE)),
          "json_invalid", "JSON decode error", why == null ? null : TextNode.valueOf(why)));
    } catch (IOException e) {
      throw ApiException.validation(new Problems().add(Loc.of("body"), "json_invalid",
          "JSON decode error", TextNode.valueOf(String.valueOf(e.getMessage()))));
    }
  }

  /** A path segment as a UUID, or a 422 at {@code ["path", name]}. */
  public static UUID pathId(String segment, String name) {
    UUID id = Ids.parse(segment);
    if (id == null) {
      throw ApiException.validation(new Problems().add(Loc.of("path").field(name), "uuid_parsing",
          "Input should be a valid UUID, in the form xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx",
          TextNode.valueOf(segment)));
    }
    return id;
  }

  /**
   * Reads and drops what is left of an oversized body, when that is at most {@code max} bytes, so
   * the client, still sending, reads the 413 rather than a reset connection. A body declared
   * larger than that is not read at all: the connection is closed after the answer.
   */
  void discardOversizedBody(long max) {
    String length = header("Content-Length");
    try {
      if (length != null && Long.parseLong(length.trim()) > max) {
        return;
      }
    } catch (NumberFormatException e) {
      return;
    }
    byte[] buf = new byte[64 * 1024];
    long left = max;
    try {
      InputStream in = http.getRequestBody();
      int n;
      while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0) {
        left -= n;
      }
    } catch (IOException e) {
      // The client gave up: nothing more to drop.
    }
  }

  private ApiException tooLarge() {
    return ApiException.detail(413, "Request body is larger than the limit of "
        + maxBodyBytes + " bytes");
  }

  private static List<String> segments(String rawPath) {
    if (rawPath == null || rawPath.isEmpty() || rawPath.charAt(0) != '/') {
      return null;
    }
    String p = rawPath.length() > 1 && rawPath.endsWith("/")
        ? rawPath.substring(0, rawPath.length() - 1) : rawPath;
    if (p.equals("/")) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (String s : p.substring(1).split("/", -1)) {
      if (s.isEmpty()) {
        return null;
      }
      try {
        out.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    return Collections.unmodifiableList(out);
  }

  private static Map<String, String> parseQuery(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      try {
        String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        out.putIfAbsent(key, value);
      } catch (IllegalArgumentException e) {
        // A malformed %-escape: the parameter is ignored, as if not sent.
      }
    }
    return out;
  }
}
