package com.example.consumer;

import ai.galileo.tracing.transport.jdkhttp.JdkHttpTracing;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;

/**
 * The set-up from galileo-transport-jdkhttp's README, verbatim between the markers (a check in
 * tests/build-checks keeps the two the same).
 */
public final class ReadmeSnippet {
  public final HttpClient http;
  public final HttpServer server;

  public ReadmeSnippet(HttpHandler handler, int port) throws IOException {
    // README:begin
    JdkHttpTracing tracing = JdkHttpTracing.create();

    // Client: every request carries the current trace.
    HttpClient http = tracing.client(HttpClient.newHttpClient());

    // Server: each handler runs inside the caller's trace.
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.createContext("/retrieve", handler).getFilters().add(tracing.serverFilter());
    // README:end
    this.http = http;
    this.server = server;
  }
}
