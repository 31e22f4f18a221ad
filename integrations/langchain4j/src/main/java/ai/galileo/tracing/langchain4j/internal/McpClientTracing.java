package ai.galileo.tracing.langchain4j.internal;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Tracer;
import ai.galileo.tracing.transport.mcp.McpCall;
import ai.galileo.tracing.transport.mcp.McpClientHandler;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.mcp.client.McpCallContext;
import dev.langchain4j.mcp.client.McpClientListener;
import dev.langchain4j.mcp.client.McpGetPromptResult;
import dev.langchain4j.mcp.client.McpMetaSupplier;
import dev.langchain4j.mcp.client.McpPrompt;
import dev.langchain4j.mcp.client.McpReadResourceResult;
import dev.langchain4j.mcp.client.McpResource;
import dev.langchain4j.mcp.client.McpResourceTemplate;
import dev.langchain4j.mcp.protocol.McpCallToolParams;
import dev.langchain4j.mcp.protocol.McpClientMessage;
import dev.langchain4j.mcp.protocol.McpClientMethod;
import dev.langchain4j.mcp.protocol.McpClientNotification;
import dev.langchain4j.mcp.protocol.McpClientParams;
import dev.langchain4j.mcp.protocol.McpClientRequest;
import dev.langchain4j.mcp.protocol.McpGetPromptParams;
import dev.langchain4j.mcp.protocol.McpReadResourceParams;
import dev.langchain4j.mcp.protocol.McpSubscribeResourceParams;
import dev.langchain4j.mcp.protocol.McpUnsubscribeResourceParams;
import dev.langchain4j.service.tool.ToolExecutionResult;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Galileo tracing for LangChain4j's own MCP client ({@code DefaultMcpClient}), through the two
 * hooks it has: an {@link McpClientListener}, told before and after each request on the calling
 * thread, and an {@link McpMetaSupplier}, asked for the {@code params._meta} of every request and
 * notification it sends, on every transport. The listener starts the request's
 * {@link McpClientHandler.Call} (a TOOL span for {@code tools/call}; the hold on the trace's
 * completion in distributed mode), the supplier writes that call's context into {@code _meta}, and
 * the listener ends the call with the result, whose {@code _meta} names the server's span.
 *
 * <p>The two see the same message object for a request ({@code initialize}, {@code tools/call},
 * {@code resources/read}, {@code prompts/get}, {@code ping}, subscriptions), so the call is found by
 * the message's identity. The list methods are told with a message of their own and send one
 * request per page, on the listener's thread: their call is the thread's until the list is done.
 * Anything else (notifications) carries the context current when it is sent.
 *
 * <p>One TOOL span per tool execution: an AI Service runs an MCP tool through its executor, which
 * the tool hook ({@link TracedToolExecutor}) wraps like any other, so the {@code tools/call} is
 * made while that TOOL span (the tool's name, the model's tool call id) is current. The handler
 * then opens no span of its own: it puts the MCP attributes on the hook's span and sends its ids,
 * so the tool server's span nests directly under it ({@link McpClientHandler#start}). A client used
 * on its own makes the TOOL span {@code tools/call <name>} under whatever is current.
 *
 * <p>Never in the way: a failure of its own is contained ({@link Guard}), a request goes out
 * whatever happens here, and a call whose end LangChain4j never reports (an interrupted wait)
 * is ended after the timeout so that it cannot hold its trace.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class McpClientTracing implements McpClientListener {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<McpClientMethod, String> METHODS = methods();

  private final TracerRef tracer;
  private final boolean clientSpans;
  private final long timeoutMillis;
  /** One handler per tracer: the global tracer may be replaced (tests, the starter's refresh). */
  private volatile McpClientHandler handler;
  private final Map<Identity, McpClientHandler.Call> calls = new ConcurrentHashMap<>();
  /** The list request in progress on this thread: its pages are one call. */
  private final ThreadLocal<McpClientHandler.Call> listing = new ThreadLocal<>();

  public McpClientTracing(TracerRef tracer, boolean clientSpans, Duration timeout) {
    this.tracer = tracer;
    this.clientSpans = clientSpans;
    this.timeoutMillis = Math.max(1, timeout.toMillis());
  }

  /** The {@code _meta} supplier; the given one's entries, if any, are kept under ours. */
  public McpMetaSupplier metaSupplier(McpMetaSupplier yours) {
    return context -> {
      Map<String, Object> theirs = yours == null ? null : yours.apply(context);
      try {
        return meta(context, theirs);
      } catch (RuntimeException | LinkageError e) {
        Guard.failed("McpMetaSupplier", e);
        return theirs;
      }
    };
  }

  private Map<String, Object> meta(McpCallContext context, Map<String, Object> theirs) {
    McpClientMessage message = context == null ? null : context.message();
    Map<String, Object> existing = existingMeta(message);
    if (theirs != null && !theirs.isEmpty()) { // the supplier's value replaces what the message had
      Map<String, Object> both = existing == null ? new LinkedHashMap<>() : new LinkedHashMap<>(existing);
      both.putAll(theirs);
      existing = both;
    }
    McpClientHandler.Call call = message == null ? null : calls.get(new Identity(message));
    if (call == null) {
      call = listing.get();
    }
    if (call != null) {
      return call.meta(existing);
    }
    // A notification (or a request no listener hook told of): the context current as it goes.
    Context parent = parent(context);
    if (!parent.span().context().isValid()) {
      return existing;
    }
    McpClientHandler.Call once = handler().start(parent, describe(message).build());
    Map<String, Object> meta = once.meta(existing);
    once.endFailure(null);
    return meta;
  }

  // ------------------------------------------------------------------ requests with a call

  private void start(McpCallContext context) {
    Guard.run("McpClientListener.before", () -> {
      McpClientMessage message = context.message();
      Context parent = parent(context);
      if (message == null || !parent.span().context().isValid()) {
        return;
      }
      McpClientHandler.Call started = handler().start(parent, describe(message).build());
      Identity key = new Identity(message);
      calls.put(key, started);
      CompletableFuture.delayedExecutor(timeoutMillis, TimeUnit.MILLISECONDS).execute(() -> {
        if (calls.remove(key, started)) {
          started.endFailure(new TimeoutException("No MCP response within " + timeoutMillis + " ms"));
        }
      });
    });
  }

  private void end(McpCallContext context, Map<String, Object> raw, String output, boolean isError) {
    Guard.run("McpClientListener.after", () -> {
      McpClientHandler.Call call = take(context);
      if (call != null) {
        call.end(resultMeta(raw), output, isError);
      }
    });
  }

  private void fail(McpCallContext context, Throwable error) {
    Guard.run("McpClientListener.onError", () -> {
      McpClientHandler.Call call = take(context);
      if (call == null) {
        return;
      }
      Throwable cause = error instanceof ExecutionException && error.getCause() != null
          ? error.getCause() : error;
      Integer code = errorCode(cause);
      if (code != null) {
        call.endError(null, code, cause.getMessage());
      } else {
        call.endFailure(cause);
      }
    });
  }

  private McpClientHandler.Call take(McpCallContext context) {
    McpClientMessage message = context == null ? null : context.message();
    return message == null ? null : calls.remove(new Identity(message));
  }

  // ------------------------------------------------------------------ list requests (paginated)

  private void startListing(McpCallContext context) {
    Guard.run("McpClientListener.beforeList", () -> {
      endListing(null);
      Context parent = parent(context);
      if (context.message() != null && parent.span().context().isValid()) {
        listing.set(handler().start(parent, describe(context.message()).build()));
      }
    });
  }

  private void endListing(Throwable error) {
    McpClientHandler.Call call = listing.get();
    if (call != null) {
      listing.remove();
      if (error == null) {
        call.end(null, null, false);
      } else {
        call.endFailure(error);
      }
    }
  }

  // ------------------------------------------------------------------ what a message is

  /**
   * The context current where LangChain4j's client sends: inside an AI Service, the tool hook's
   * TOOL span on the thread that runs the tool.
   */
  private static Context parent(McpCallContext context) {
    return Context.current();
  }

  private static McpCall.Builder describe(McpClientMessage message) {
    if (message == null) {
      return McpCall.builder("unknown");
    }
    McpCall.Builder b = McpCall.builder(METHODS.get(message.method)).requestId(message.getId());
    McpClientParams params = message instanceof McpClientRequest r ? r.getParams()
        : message instanceof McpClientNotification n ? n.getParams() : null;
    if (params instanceof McpCallToolParams p) {
      b.target(p.getName()).input(p.getArguments() == null ? "{}" : p.getArguments().toString());
    } else if (params instanceof McpGetPromptParams p) {
      b.target(p.getName()).input(json(p.getArguments()));
    } else if (params instanceof McpReadResourceParams p) {
      b.resourceUri(p.getUri());
    } else if (params instanceof McpSubscribeResourceParams p) {
      b.resourceUri(p.getUri());
    } else if (params instanceof McpUnsubscribeResourceParams p) {
      b.resourceUri(p.getUri());
    }
    return b;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> existingMeta(McpClientMessage message) {
    McpClientParams params = message instanceof McpClientRequest r ? r.getParams()
        : message instanceof McpClientNotification n ? n.getParams() : null;
    return params == null ? null : params.getMeta();
  }

  /** The result's {@code _meta} in the raw JSON-RPC response LangChain4j hands the listener. */
  @SuppressWarnings("unchecked")
  private static Map<String, ?> resultMeta(Map<String, Object> raw) {
    if (raw != null && raw.get("result") instanceof Map<?, ?> result
        && result.get("_meta") instanceof Map<?, ?> meta) {
      return (Map<String, ?>) meta; // JSON object keys: strings
    }
    return null;
  }

  /** The JSON-RPC error code of a protocol error, when LangChain4j's exception has one. */
  private static Integer errorCode(Throwable error) {
    if (error instanceof dev.langchain4j.exception.ToolExecutionException t) {
      return t.errorCode();
    }
    if (error instanceof dev.langchain4j.mcp.client.McpException m) {
      return m.errorCode();
    }
    return null;
  }

  private static String json(Object value) {
    try {
      return value == null ? null : JSON.writeValueAsString(value);
    } catch (Exception e) {
      return String.valueOf(value);
    }
  }

  /** Each method's wire name, from LangChain4j's own JSON mapping of the enum. */
  private static Map<McpClientMethod, String> methods() {
    Map<McpClientMethod, String> names = new EnumMap<>(McpClientMethod.class);
    for (McpClientMethod m : McpClientMethod.values()) {
      String name;
      try {
        JsonProperty p = McpClientMethod.class.getField(m.name()).getAnnotation(JsonProperty.class);
        name = p == null ? null : p.value();
      } catch (NoSuchFieldException e) {
        name = null;
      }
      names.put(m, name != null ? name : m.name().toLowerCase(Locale.ROOT));
    }
    return names;
  }

  private McpClientHandler handler() {
    Tracer t = tracer.get();
    McpClientHandler h = handler;
    if (h == null || h.tracer() != t) {
      h = McpClientHandler.create(t, clientSpans);
      handler = h;
    }
    return h;
  }

  // ------------------------------------------------------------------ the listener's hooks

  @Override
  public void beforeInitialize(McpCallContext context) {
    start(context);
  }

  @Override
  public void afterInitialize(McpCallContext context) {
    end(context, null, null, false);
  }

  @Override
  public void onInitializeError(McpCallContext context, Throwable error) {
    fail(context, error);
  }

  @Override
  public void beforeExecuteTool(McpCallContext context) {
    start(context);
  }

  @Override
  public void afterExecuteTool(McpCallContext context, ToolExecutionResult result,
      Map<String, Object> rawResult) {
    end(context, rawResult, result == null ? null : result.resultText(), result != null && result.isError());
  }

  @Override
  public void onExecuteToolError(McpCallContext context, Throwable error) {
    fail(context, error);
  }

  @Override
  public void beforeResourceGet(McpCallContext context) {
    start(context);
  }

  @Override
  public void afterResourceGet(McpCallContext context, McpReadResourceResult result,
      Map<String, Object> rawResult) {
    end(context, rawResult, null, false);
  }

  @Override
  public void onResourceGetError(McpCallContext context, Throwable error) {
    fail(context, error);
  }

  @Override
  public void beforePromptGet(McpCallContext context) {
    start(context);
  }

  @Override
  public void afterPromptGet(McpCallContext context, McpGetPromptResult result,
      Map<String, Object> rawResult) {
    end(context, rawResult, null, false);
  }

  @Override
  public void onPromptGetError(McpCallContext context, Throwable error) {
    fail(context, error);
  }

  @Override
  public void beforePing(McpCallContext context) {
    start(context);
  }

  @Override
  public void afterPing(McpCallContext context) {
    end(context, null, null, false);
  }

  @Override
  public void onPingError(McpCallContext context, Throwable error) {
    fail(context, error);
  }

  @Override
  public void beforeResourceSubscribe(McpCallContext context) {
    start(context);
  }

  @Override
  public void afterResourceSubscribe(McpCallContext context) {
    end(context, null, null, false);
  }

  @Override
  public void onResourceSubscribeError(McpCallContext context, Throwable error) {
    fail(context, error);
  }

  @Override
  public void beforeResourceUnsubscribe(McpCallContext context) {
    start(context);
  }

  @Override
  public void afterResourceUnsubscribe(McpCallContext context) {
    end(context, null, null, false);
  }

  @Override
  public void onResourceUnsubscribeError(McpCallContext context, Throwable error) {
    fail(context, error);
  }

  @Override
  public void beforeToolsList(McpCallContext context) {
    startListing(context);
  }

  @Override
  public void afterToolsList(McpCallContext context, List<ToolSpecification> tools) {
    Guard.run("McpClientListener.afterList", () -> endListing(null));
  }

  @Override
  public void onToolsListError(McpCallContext context, Throwable error) {
    Guard.run("McpClientListener.onListError", () -> endListing(error));
  }

  @Override
  public void beforeResourcesList(McpCallContext context) {
    startListing(context);
  }

  @Override
  public void afterResourcesList(McpCallContext context, List<McpResource> resources) {
    Guard.run("McpClientListener.afterList", () -> endListing(null));
  }

  @Override
  public void onResourcesListError(McpCallContext context, Throwable error) {
    Guard.run("McpClientListener.onListError", () -> endListing(error));
  }

  @Override
  public void beforeResourceTemplatesList(McpCallContext context) {
    startListing(context);
  }

  @Override
  public void afterResourceTemplatesList(McpCallContext context, List<McpResourceTemplate> templates) {
    Guard.run("McpClientListener.afterList", () -> endListing(null));
  }

  @Override
  public void onResourceTemplatesListError(McpCallContext context, Throwable error) {
    Guard.run("McpClientListener.onListError", () -> endListing(error));
  }

  @Override
  public void beforePromptsList(McpCallContext context) {
    startListing(context);
  }

  @Override
  public void afterPromptsList(McpCallContext context, List<McpPrompt> prompts) {
    Guard.run("McpClientListener.afterList", () -> endListing(null));
  }

  @Override
  public void onPromptsListError(McpCallContext context, Throwable error) {
    Guard.run("McpClientListener.onListError", () -> endListing(error));
  }

  @Override
  public String toString() {
    return "Galileo's LangChain4j MCP client tracing{clientSpans=" + clientSpans + "}";
  }

  /** A message compared by identity: the listener and the supplier see the very same object. */
  private record Identity(Object ref) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Identity other && other.ref == ref;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(ref);
    }
  }
}
