package ai.galileo.tracing.galileoapifake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for Galileo's REST API: the ingest subset of
 * {@code spec/galileo-api/openapi-ingest.yaml}, under {@code /v2}, over real HTTP on
 * 127.0.0.1, for tests of the exporter.
 *
 * <p>It checks every request body against the request schema of its route ({@link
 * OpenApiSchemas}: strict, formats asserted) and the ids a body nests against each other, records
 * every request with what was wrong with it, answers a bad one with 422 as the backend would, and
 * merges what it accepts into a store by id ({@link #tracesById()}, {@link #spansById()}). Requests
 * need the {@value #API_KEY_HEADER} header.
 *
 * <p>It enforces Galileo's completion rule: a span ingested into a trace already marked
 * {@code is_complete: true} (a spans ingest, a traces ingest re-posting it, or an update of one of
 * its spans) is refused with 400 and {@code {"detail": "Trace is marked as complete"}}, as the real
 * backend does, and recorded as a violation, so {@link #assertNoViolations()} fails on any. It also
 * answers {@code GET} of a trace or a span by id, with 404 (not a violation) while it has none.
 *
 * <p>Failures are scriptable: {@link #enqueue} canned answers, {@link #delay} every answer, or
 * take the server {@link #down()} (connections refused) and {@link #up()} again on the same port.
 *
 * <pre>{@code
 * try (GalileoApiFake api = GalileoApiFake.start()) {
 *   api.enqueue(CannedResponse.of(503).withRetryAfter("1"));  // the next ingest fails once
 *   ... export through api.baseUrl() with api.apiKey() ...
 *   api.assertNoViolations();
 *   assertThat(api.postCount(spanId)).isEqualTo(1);
 * }
 * }</pre>
 */
public final class GalileoApiFake implements AutoCloseable {
  public static final String DEFAULT_API_KEY = "fake-galileo-api-key";
  public static final String API_KEY_HEADER = "Galileo-API-Key";
  public static final String SDK_HEADER = "X-Galileo-SDK";
  /** The detail of Galileo's refusal of a span for a trace already complete. */
  public static final String TRACE_COMPLETE = "Trace is marked as complete";

  private static final Logger LOG = Logger.getLogger(GalileoApiFake.class.getName());
  private static final UUID FAKE_USER = UUID.fromString("5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d");

  /** The routes of the ingest subset, with the schema of their request body. */
  public enum Route {
    HEALTHCHECK("GET", "/v2/healthcheck", null, false),
    LIST_PROJECTS("GET", "/v2/projects", null, false),
    CREATE_PROJECT("POST", "/v2/projects", "ProjectCreate", false),
    LIST_LOG_STREAMS("GET", "/v2/projects/{project_id}/log_streams", null, false),
    CREATE_LOG_STREAM("POST", "/v2/projects/{project_id}/log_streams", "LogStreamCreateRequest",
        false),
    CREATE_SESSION("POST", "/v2/projects/{project_id}/sessions", "SessionCreateRequest", false),
    INGEST_TRACES("POST", "/v2/projects/{project_id}/traces", "LogTracesIngestRequest", true),
    UPDATE_TRACE("PATCH", "/v2/projects/{project_id}/traces/{trace_id}", "LogTraceUpdateRequest",
        true),
    INGEST_SPANS("POST", "/v2/projects/{project_id}/spans", "LogSpansIngestRequest", true),
    UPDATE_SPAN("PATCH", "/v2/projects/{project_id}/spans/{span_id}", "LogSpanUpdateRequest",
        true),
    GET_TRACE("GET", "/v2/projects/{project_id}/traces/{trace_id}", null, false),
    GET_SPAN("GET", "/v2/projects/{project_id}/spans/{span_id}", null, false);

    final String method;
    final Pattern path;
    final String requestSchema;
    /** Ingest and update routes, which canned responses target by default. */
    final boolean logging;

    Route(String method, String template, String requestSchema, boolean logging) {
      this.method = method;
      this.path = Pattern.compile(template.replaceAll("\\{[a-z_]+}", "([^/]+)"));
      this.requestSchema = requestSchema;
      this.logging = logging;
    }

    /** The name of the request body's schema in the spec, or null for a GET. */
    public String requestSchema() {
      return requestSchema;
    }
  }

  private final OpenApiSchemas schemas = OpenApiSchemas.get();
  private final ObjectMapper mapper = new ObjectMapper();
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "galileo-api-fake");
    t.setDaemon(true);
    return t;
  });
  private final FakeStore store = new FakeStore();
  private final Deque<CannedResponse> canned = new ConcurrentLinkedDeque<>();
  private final AtomicLong sequence = new AtomicLong();
  private final ConcurrentSkipListMap<Long, RecordedRequest> requests =
      new ConcurrentSkipListMap<>();
  private final int port;
  private volatile String apiKey;
  private volatile Duration delay = Duration.ZERO;
  private HttpServer server; // null while down; guarded by this

  private GalileoApiFake(String apiKey) {
    this.apiKey = apiKey;
    try {
      server = bind(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    port = server.getAddress().getPort();
  }

  /** Starts a fake that expects {@link #DEFAULT_API_KEY}. */
  public static GalileoApiFake start() {
    return start(DEFAULT_API_KEY);
  }

  /** Starts a fake that expects this API key. */
  public static GalileoApiFake start(String apiKey) {
    return new GalileoApiFake(apiKey);
  }

  /** {@code http://127.0.0.1:PORT}: the API's base URL, under which the routes add {@code /v2}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** The API key requests must carry. */
  public String apiKey() {
    return apiKey;
  }

  /** Changes the API key requests must carry; others get 401. */
  public void expectApiKey(String key) {
    apiKey = key;
  }

  // --- fault injection

  /** Queues a canned response for the next request it applies to (see {@link CannedResponse}). */
  public void enqueue(CannedResponse response) {
    canned.addLast(response);
  }

  /** Canned responses not used yet. */
  public int cannedLeft() {
    return canned.size();
  }

  /** Waits this long before answering each request; zero for none. */
  public void delay(Duration perRequest) {
    delay = perRequest;
  }

  /** Stops listening: connections are refused, open ones are closed, until {@link #up()}. */
  public synchronized void down() {
    if (server != null) {
      server.stop(0);
      server = null;
    }
  }

  /** Listens again, on the same port. */
  public synchronized void up() {
    if (server != null) {
      return;
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try {
        server = bind(port);
        return;
      } catch (BindException e) {
        if (System.nanoTime() > deadline) {
          throw new UncheckedIOException("port " + port + " stayed busy", e);
        }
        sleep(Duration.ofMillis(20));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  public synchronized boolean isDown() {
    return server == null;
  }

  // --- what was received

  /** Every request answered so far, in order of arrival. */
  public List<RecordedRequest> requests() {
    return List.copyOf(requests.values());
  }

  /** The requests answered so far on one route, in order of arrival. */
  public List<RecordedRequest> requests(Route route) {
    return requests.values().stream().filter(r -> r.route() == route).toList();
  }

  /** Waits until {@code count} requests on the route have been answered; them all. */
  public List<RecordedRequest> awaitRequests(Route route, int count, Duration timeout) {
    return await(() -> requests(route), l -> l.size() >= count, timeout,
        "requests on " + route + ": wanted " + count);
  }

  /** Every violation of every request, in order. */
  public List<String> violations() {
    List<String> all = new ArrayList<>();
    for (RecordedRequest r : requests.values()) {
      for (String v : r.violations()) {
        all.add(r.method() + " " + r.path() + " " + v);
      }
    }
    return all;
  }

  /** Fails, listing them, if any request broke the schema or the API's rules. */
  public void assertNoViolations() {
    List<String> all = violations();
    if (!all.isEmpty()) {
      throw new AssertionError(all.size() + " violation(s) of the Galileo API:\n  "
          + String.join("\n  ", all));
    }
  }

  /** Trace records by id, with updates applied. */
  public Map<UUID, ObjectNode> tracesById() {
    return store.traces();
  }

  /** Span records by id (however nested when sent), with updates applied. */
  public Map<UUID, ObjectNode> spansById() {
    return store.spans();
  }

  /** Sessions by id. */
  public Map<UUID, ObjectNode> sessionsById() {
    return store.sessions();
  }

  /** The span records whose parent is this id, in the order they were first sent. */
  public List<ObjectNode> childrenOf(UUID parentId) {
    String id = parentId.toString();
    return store.spans().values().stream()
        .filter(s -> id.equals(s.path("parent_id").asText())).toList();
  }

  /** How many accepted ingests carried this trace or span id: 1 for exactly-once delivery. */
  public int postCount(UUID id) {
    return store.postCount(id);
  }

  /** How many accepted updates were applied to this trace or span id. */
  public int patchCount(UUID id) {
    return store.patchCount(id);
  }

  /** Makes a project as if created earlier (with its id, say from configuration); its id. */
  public UUID addProject(UUID id, String name) {
    return store.addProject(id, name).id();
  }

  /** Makes a project and a log stream in it as if created earlier; the log stream's id. */
  public UUID addLogStream(UUID projectId, String name) {
    if (store.project(projectId) == null) {
      throw new IllegalArgumentException("no project " + projectId);
    }
    return store.createLogStream(projectId, name).id();
  }

  /** The id of the project of that name, or null. */
  public UUID projectId(String name) {
    return store.projects().stream().filter(p -> p.name().equals(name))
        .map(FakeStore.Project::id).findFirst().orElse(null);
  }

  /** The id of the log stream of that name in the project, or null. */
  public UUID logStreamId(UUID projectId, String name) {
    return store.logStreams(projectId).stream().filter(s -> s.name().equals(name))
        .map(FakeStore.LogStream::id).findFirst().orElse(null);
  }

  @Override
  public synchronized void close() {
    down();
    executor.shutdownNow();
  }

  // --- serving

  private HttpServer bind(int port) throws IOException {
    HttpServer s = HttpServer.create(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    s.createContext("/", this::handle);
    s.setExecutor(executor);
    s.start();
    return s;
  }

  private void handle(HttpExchange exchange) {
    long seq = sequence.incrementAndGet();
    try (exchange) {
      byte[] raw = exchange.getRequestBody().readAllBytes();
      Duration wait = delay;
      if (!wait.isZero()) {
        sleep(wait);
      }
      Call call = new Call(seq, exchange, raw);
      Answer answer;
      try {
        answer = answer(call);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "the fake failed on " + call.path, e);
        call.violations.add("the fake failed: " + e);
        answer = Answer.error(500, "Internal Server Error");
      }
      requests.put(seq, call.record(answer.status));
      byte[] body = answer.body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      if (answer.retryAfter != null) {
        exchange.getResponseHeaders().set("Retry-After", answer.retryAfter);
      }
      exchange.sendResponseHeaders(answer.status, body.length == 0 ? -1 : body.length);
      exchange.getResponseBody().write(body);
    } catch (IOException e) {
      // The client went away (a timeout, or the server was taken down): nothing to answer.
      LOG.log(Level.FINE, "exchange " + seq + " broken", e);
    }
  }

  private Answer answer(Call call) {
    Route route = call.route;
    if (route == null) {
      boolean otherMethod = false;
      for (Route r : Route.values()) {
        otherMethod |= r.path.matcher(call.path).matches();
      }
      call.violations.add(otherMethod ? "method not allowed" : "no such route in the spec");
      return otherMethod ? Answer.error(405, "Method Not Allowed")
          : Answer.error(404, "Not Found");
    }
    if (route == Route.HEALTHCHECK) {
      return Answer.ok(json(Map.of("api_version", "v2", "message", "ok", "version", "fake")));
    }
    if (route.requestSchema != null) {
      checkBody(call);
    }
    if (!apiKey.equals(call.header(API_KEY_HEADER))) {
      return Answer.error(401, "Invalid API key");
    }
    CannedResponse fault = nextCanned(route);
    if (fault != null && (fault.status() < 200 || fault.status() > 299)) {
      return Answer.canned(fault, null);
    }
    Answer answer =
        call.violations.isEmpty() ? route(call) : Answer.validationError(call.violations);
    // A 2xx canned answer only replaces the body of a request that succeeded.
    return fault == null || answer.status != 200 ? answer : Answer.canned(fault, answer);
  }

  private void checkBody(Call call) {
    String type = call.header("Content-Type");
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      call.violations.add("Content-Type is " + type + ", not application/json");
    }
    try {
      call.body = call.raw.length == 0 ? null : mapper.readTree(call.raw);
    } catch (IOException e) {
      call.violations.add("body is not JSON: " + e.getMessage());
      return;
    }
    if (call.body == null) {
      call.violations.add("body is missing");
      return;
    }
    call.violations.addAll(schemas.validate(call.route.requestSchema, call.body));
  }

  private synchronized CannedResponse nextCanned(Route route) {
    CannedResponse head = canned.peekFirst();
    if (head != null && (head.anyRoute() || route.logging)) {
      return canned.pollFirst();
    }
    return null;
  }

  /** Answers a well-formed request; ids in the path and body are checked here. */
  private Answer route(Call call) {
    if (call.route == Route.LIST_PROJECTS) {
      return listProjects(call);
    }
    if (call.route == Route.CREATE_PROJECT) {
      return Answer.ok(
          projectCreated(store.createProject(call.body.get("name").asText())).toString());
    }
    FakeStore.Project project = store.project(call.pathId(0, "project_id"));
    if (project == null) {
      return call.violations.isEmpty() ? notFound(call, "Project not found") : invalidPath(call);
    }
    JsonNode logStreamId = call.body == null ? null : call.body.get("log_stream_id");
    if (logStreamId != null && logStreamId.isTextual()) {
      FakeStore.LogStream stream = store.logStream(UUID.fromString(logStreamId.asText()));
      if (stream == null || !stream.projectId().equals(project.id())) {
        return notFound(call, "Log stream not found");
      }
    }
    return switch (call.route) {
      case LIST_LOG_STREAMS -> {
        ArrayNode list = mapper.createArrayNode();
        store.logStreams(project.id()).forEach(s -> list.add(logStream(s)));
        yield Answer.ok(list.toString());
      }
      case CREATE_LOG_STREAM ->
          Answer.ok(logStream(store.createLogStream(project.id(),
              call.body.get("name").asText())).toString());
      case CREATE_SESSION -> Answer.ok(store.createSession(project.id(), call.body).toString());
      case INGEST_TRACES -> ingestTraces(call, project);
      case INGEST_SPANS -> ingestSpans(call, project);
      case UPDATE_TRACE -> updateTrace(call, project);
      case UPDATE_SPAN -> updateSpan(call, project);
      case GET_TRACE -> read(store.trace(call.pathId(1, "trace_id")), "Trace not found");
      case GET_SPAN -> read(store.span(call.pathId(1, "span_id")), "Span not found");
      default -> throw new IllegalStateException("unrouted " + call.route);
    };
  }

  private Answer listProjects(Call call) {
    String name = call.queryParameter("project_name");
    ArrayNode list = mapper.createArrayNode();
    for (FakeStore.Project p : store.projects()) {
      if (name == null || p.name().equals(name)) {
        ObjectNode node = projectCreated(p);
        ObjectNode user = node.putObject("created_by_user");
        user.put("id", FAKE_USER.toString());
        user.put("email", "fake@example.com");
        node.putArray("runs");
        list.add(node);
      }
    }
    return Answer.ok(list.toString());
  }

  private static Answer read(ObjectNode record, String missing) {
    return record == null ? Answer.error(404, missing) : Answer.ok(record.toString());
  }

  /** Galileo's refusal of a span for a trace already complete, recorded as a violation. */
  private static Answer late(Call call, UUID traceId) {
    call.violations.add(TRACE_COMPLETE + " (trace " + traceId + ")");
    return Answer.error(400, TRACE_COMPLETE);
  }

  /** How many requests were refused because their trace was already complete. */
  public long lateRejections() {
    return requests.values().stream()
        .filter(r -> r.violations().stream().anyMatch(v -> v.startsWith(TRACE_COMPLETE)))
        .count();
  }

  private Answer ingestTraces(Call call, FakeStore.Project project) {
    List<String> problems = FakeStore.checkTraces(call.body);
    if (!problems.isEmpty()) {
      call.violations.addAll(problems);
      return Answer.validationError(problems);
    }
    for (JsonNode t : call.body.path("traces")) {
      UUID id = uuidOrNull(t.path("id").asText(null));
      if (id != null && store.isComplete(id)) {
        return late(call, id);
      }
    }
    FakeStore.Counts counts = store.ingestTraces(project.id(), call.body);
    ObjectNode out = ingestAnswer(call, project, counts.traces() + counts.spans());
    out.set("session_id", call.body.path("session_id").isTextual()
        ? call.body.get("session_id") : mapper.nullNode());
    out.put("traces_count", counts.traces());
    out.put("spans_count", counts.spans());
    return Answer.ok(out.toString());
  }

  private Answer ingestSpans(Call call, FakeStore.Project project) {
    List<String> problems = FakeStore.checkSpans(call.body);
    if (!problems.isEmpty()) {
      call.violations.addAll(problems);
      return Answer.validationError(problems);
    }
    UUID traceId = uuidOrNull(call.body.path("trace_id").asText(null));
    if (traceId != null && store.isComplete(traceId)) {
      return late(call, traceId);
    }
    ObjectNode out = ingestAnswer(call, project, store.ingestSpans(project.id(), call.body));
    out.set("trace_id", call.body.get("trace_id"));
    out.set("parent_id", call.body.get("parent_id"));
    return Answer.ok(out.toString());
  }

  private Answer updateTrace(Call call, FakeStore.Project project) {
    UUID traceId = call.pathId(1, "trace_id");
    if (traceId == null) {
      return invalidPath(call);
    }
    if (!traceId.toString().equalsIgnoreCase(call.body.path("trace_id").asText())) {
      call.violations.add("trace_id in the body is not the one in the path");
      return Answer.validationError(call.violations);
    }
    if (!store.patchTrace(traceId, call.body)) {
      return notFound(call, "Trace not found");
    }
    ObjectNode out = ingestAnswer(call, project, 1);
    out.put("trace_id", traceId.toString());
    return Answer.ok(out.toString());
  }

  private Answer updateSpan(Call call, FakeStore.Project project) {
    UUID spanId = call.pathId(1, "span_id");
    if (spanId == null) {
      return invalidPath(call);
    }
    if (!spanId.toString().equalsIgnoreCase(call.body.path("span_id").asText())) {
      call.violations.add("span_id in the body is not the one in the path");
      return Answer.validationError(call.violations);
    }
    ObjectNode stored = store.span(spanId);
    UUID traceId = stored == null ? null : uuidOrNull(stored.path("trace_id").asText(null));
    if (traceId != null && store.isComplete(traceId)) {
      return late(call, traceId);
    }
    if (!store.patchSpan(spanId, call.body)) {
      return notFound(call, "Span not found");
    }
    ObjectNode out = ingestAnswer(call, project, 1);
    out.put("span_id", spanId.toString());
    return Answer.ok(out.toString());
  }

  private ObjectNode ingestAnswer(Call call, FakeStore.Project project, int records) {
    ObjectNode out = mapper.createObjectNode();
    out.set("log_stream_id", call.body.path("log_stream_id").isTextual()
        ? call.body.get("log_stream_id") : mapper.nullNode());
    out.put("project_id", project.id().toString());
    out.put("project_name", project.name());
    out.put("records_count", records);
    return out;
  }

  private ObjectNode projectCreated(FakeStore.Project p) {
    ObjectNode node = mapper.createObjectNode();
    node.put("id", p.id().toString());
    node.put("name", p.name());
    node.put("type", "gen_ai");
    node.put("created_by", FAKE_USER.toString());
    node.put("created_at", p.createdAt());
    node.put("updated_at", p.createdAt());
    return node;
  }

  private ObjectNode logStream(FakeStore.LogStream s) {
    ObjectNode node = mapper.createObjectNode();
    node.put("id", s.id().toString());
    node.put("name", s.name());
    node.put("project_id", s.projectId().toString());
    node.put("created_at", s.createdAt());
    node.put("updated_at", s.createdAt());
    node.put("created_by", FAKE_USER.toString());
    node.put("has_user_created_sessions", false);
    return node;
  }

  private static UUID uuidOrNull(String s) {
    try {
      return s == null ? null : UUID.fromString(s);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static Answer notFound(Call call, String detail) {
    call.violations.add(detail + " (" + call.path + ")");
    return Answer.error(404, detail);
  }

  private static Answer invalidPath(Call call) {
    return Answer.validationError(call.violations);
  }

  private String json(Map<String, ?> map) {
    try {
      return mapper.writeValueAsString(new LinkedHashMap<>(map));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static <T> T await(java.util.function.Supplier<T> value, Predicate<T> done,
      Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      T v = value.get();
      if (done.test(v)) {
        return v;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what
            + "; have " + v);
      }
      sleep(Duration.ofMillis(10));
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One request being answered. */
  private static final class Call {
    final long sequence;
    final String method;
    final String path;
    final String query;
    final Map<String, List<String>> headers = new LinkedHashMap<>();
    final byte[] raw;
    final Route route;
    final List<String> pathParams = new ArrayList<>();
    final List<String> violations = new ArrayList<>();
    JsonNode body;

    Call(long sequence, HttpExchange exchange, byte[] raw) {
      this.sequence = sequence;
      this.method = exchange.getRequestMethod();
      this.path = exchange.getRequestURI().getRawPath();
      this.query = exchange.getRequestURI().getRawQuery();
      this.raw = raw;
      exchange.getRequestHeaders().forEach(
          (name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
      Route matched = null;
      for (Route r : Route.values()) {
        Matcher m = r.path.matcher(path);
        if (r.method.equals(method) && m.matches()) {
          matched = r;
          for (int i = 1; i <= m.groupCount(); i++) {
            pathParams.add(URLDecoder.decode(m.group(i), StandardCharsets.UTF_8));
          }
          break;
        }
      }
      route = matched;
    }

    String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null || values.isEmpty() ? null : values.get(0);
    }

    String queryParameter(String name) {
      if (query == null) {
        return null;
      }
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq),
            StandardCharsets.UTF_8);
        if (key.equals(name)) {
          return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        }
      }
      return null;
    }

    /** The path parameter as a uuid4, or null after recording why it is not one. */
    UUID pathId(int index, String name) {
      String value = pathParams.get(index);
      if (!new Uuid4Format().matches(null, value)) {
        violations.add("path parameter " + name + " is not a uuid4: " + value);
        return null;
      }
      return UUID.fromString(value);
    }

    RecordedRequest record(int status) {
      return new RecordedRequest(sequence, route, method, path, query, Map.copyOf(headers),
          new String(raw, StandardCharsets.UTF_8), body, List.copyOf(violations), status);
    }
  }

  /** A response: status, optional Retry-After, JSON body. */
  private record Answer(int status, String retryAfter, String body) {
    static Answer ok(String body) {
      return new Answer(200, null, body);
    }

    static Answer error(int status, String detail) {
      ObjectNode node = new ObjectMapper().createObjectNode().put("detail", detail);
      return new Answer(status, null, node.toString());
    }

    /** 422 with the body FastAPI gives: {@code {"detail": [{"loc", "msg", "type"}]}}. */
    static Answer validationError(List<String> problems) {
      ObjectNode node = new ObjectMapper().createObjectNode();
      ArrayNode detail = node.putArray("detail");
      for (String p : problems) {
        ObjectNode d = detail.addObject();
        d.putArray("loc").add("body");
        d.put("msg", p);
        d.put("type", "value_error");
      }
      return new Answer(422, null, node.toString());
    }

    /** The canned status and headers, with its body or else {@code fallback}'s or a detail. */
    static Answer canned(CannedResponse c, Answer fallback) {
      String body = c.body() != null ? c.body()
          : fallback != null ? fallback.body
          : new ObjectMapper().createObjectNode().put("detail", "canned " + c.status()).toString();
      return new Answer(c.status(), c.retryAfter(), body);
    }
  }
}
