package ai.galileo.tracing.spring.boot.internal;

import ai.galileo.tracing.transport.mcp.McpTracing;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Applies galileo-transport-mcp's {@link McpTracing} to the MCP beans a Spring application (Spring
 * AI's MCP client and server starters, or its own configuration) declares, as they are made:
 *
 * <ul>
 *   <li>the official SDK's tool, prompt and resource specifications, alone or in a {@code List}
 *       bean (how Spring AI's MCP server auto-configuration takes them, its tool callbacks
 *       converted included): their handlers run inside the caller's trace;
 *   <li>Spring AI's client transports ({@code List<NamedClientMcpTransport>} beans, from which its
 *       MCP client auto-configuration builds every client): each transport is decorated, so every
 *       request the clients send carries the trace and each {@code tools/call} is a span.
 * </ul>
 *
 * <p>Version-tolerant by design: it is called with whatever SDK the application's Spring AI brings
 * (0.17 with Spring AI 1.1, 2.0 with Spring AI 2.0), and a specification the SDK on the class path
 * cannot rebuild the way {@code McpTracing} does (a {@link LinkageError}) is left as it was, with one
 * warning, rather than failing the application's start.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class McpTracingPostProcessor implements BeanPostProcessor {
  private static final Logger LOG = Logger.getLogger("ai.galileo.tracing.spring.boot");

  private final Supplier<McpTracing> tracing;
  private final boolean server;
  private final boolean client;
  private volatile boolean warned;

  /**
   * @param tracing the application's {@link McpTracing}, asked for only when a bean needs it
   * @param server whether to trace server specifications
   * @param client whether to trace Spring AI's client transports
   */
  public McpTracingPostProcessor(Supplier<McpTracing> tracing, boolean server, boolean client) {
    this.tracing = tracing;
    this.server = server;
    this.client = client;
  }
  /** Whether Spring AI's MCP servers get Galileo's tool handlers, for the doctor. */
  public boolean tracesServers() {
    return server;
  }

  /** Whether Spring AI's MCP clients carry the trace, for the doctor. */
  public boolean tracesClients() {
    return client;
  }


  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    try {
      if (bean instanceof Collection<?> list && !list.isEmpty()) {
        return list(list, beanName);
      }
      Object traced = one(bean);
      return traced == null ? bean : traced;
    } catch (LinkageError | RuntimeException e) {
      warn(beanName, e);
      return bean;
    }
  }

  /**
   * A list of specifications or of named transports, each traced; any other list (one with an
   * element that is not such a bean) as it is.
   */
  private Object list(Collection<?> list, String beanName) {
    List<Object> traced = new ArrayList<>(list.size());
    for (Object element : list) {
      Object t;
      try {
        t = one(element);
      } catch (LinkageError | RuntimeException e) {
        warn(beanName, e);
        t = element; // this one untraced, the others still traced
      }
      if (t == null) {
        return list;
      }
      traced.add(t);
    }
    return traced;
  }

  /** The element traced, or null when it is not an MCP bean this handles. */
  private Object one(Object bean) {
    if (server) {
      Object spec = serverSpecification(bean);
      if (spec != null) {
        return spec;
      }
    }
    if (client && bean != null && bean.getClass().getName().equals(SpringAiMcpClients.NAMED_TRANSPORT)) {
      try {
        return SpringAiMcpClients.traced(bean, tracing.get());
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("not the NamedClientMcpTransport record this knows", e);
      }
    }
    return null;
  }

  private Object serverSpecification(Object bean) {
    if (bean instanceof McpServerFeatures.SyncToolSpecification s) {
      return tracing.get().tool(s);
    } else if (bean instanceof McpServerFeatures.AsyncToolSpecification s) {
      return tracing.get().tool(s);
    } else if (bean instanceof McpServerFeatures.SyncPromptSpecification s) {
      return tracing.get().prompt(s);
    } else if (bean instanceof McpServerFeatures.AsyncPromptSpecification s) {
      return tracing.get().prompt(s);
    } else if (bean instanceof McpServerFeatures.SyncResourceSpecification s) {
      return tracing.get().resource(s);
    } else if (bean instanceof McpServerFeatures.AsyncResourceSpecification s) {
      return tracing.get().resource(s);
    } else if (bean instanceof McpServerFeatures.SyncResourceTemplateSpecification s) {
      return tracing.get().resourceTemplate(s);
    } else if (bean instanceof McpServerFeatures.AsyncResourceTemplateSpecification s) {
      return tracing.get().resourceTemplate(s);
    }
    return statelessSpecification(bean);
  }

  /** Kept apart: the stateless server's records changed between the SDK's versions. */
  private Object statelessSpecification(Object bean) {
    if (bean instanceof McpStatelessServerFeatures.SyncToolSpecification s) {
      return tracing.get().tool(s);
    } else if (bean instanceof McpStatelessServerFeatures.AsyncToolSpecification s) {
      return tracing.get().tool(s);
    } else if (bean instanceof McpStatelessServerFeatures.SyncPromptSpecification s) {
      return tracing.get().prompt(s);
    } else if (bean instanceof McpStatelessServerFeatures.AsyncPromptSpecification s) {
      return tracing.get().prompt(s);
    } else if (bean instanceof McpStatelessServerFeatures.SyncResourceSpecification s) {
      return tracing.get().resource(s);
    } else if (bean instanceof McpStatelessServerFeatures.AsyncResourceSpecification s) {
      return tracing.get().resource(s);
    }
    return null;
  }

  private void warn(String beanName, Throwable e) {
    if (!warned) {
      warned = true;
      LOG.log(Level.WARNING, "Galileo could not trace the MCP bean '" + beanName + "' with the MCP SDK"
          + " on the class path (" + e + "); it runs untraced", e);
    }
  }
}
