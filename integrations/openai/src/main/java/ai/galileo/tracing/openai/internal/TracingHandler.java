package ai.galileo.tracing.openai.internal;

import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientAsync;
import com.openai.core.RequestOptions;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.services.async.ChatServiceAsync;
import com.openai.services.async.ResponseServiceAsync;
import com.openai.services.async.chat.ChatCompletionServiceAsync;
import com.openai.services.blocking.ChatService;
import com.openai.services.blocking.ResponseService;
import com.openai.services.blocking.chat.ChatCompletionService;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Set;

/**
 * A client or service of the OpenAI SDK with chat completions and the Responses API traced, and
 * every other method passed to the real one.
 *
 * <p>Why a {@link Proxy} and not a class implementing {@code OpenAIClient}: the SDK adds services
 * in minor versions ({@code OpenAIClient} has some thirty, and each 4.x release may add one). A
 * class compiled against one version would throw {@link AbstractMethodError} for a service added
 * in the user's newer version, and the services' default methods (a subservice that "is not
 * supported by this implementation") would hide the real ones. A proxy forwards whatever the
 * interface has at run time. The SDK has no hook of its own at this level: its
 * {@code HttpClient} option sits below the retries and the JSON, so it would see each attempt's
 * bytes rather than one typed call.
 *
 * <p>What it does per method:
 * <ul>
 *   <li>{@code create} and {@code createStreaming} of chat completions and of responses with the
 *       request and its options (the methods every other overload ends in): traced;
 *   <li>their other overloads ({@code create(params)}, structured outputs, {@code create()}),
 *       which the SDK implements as default methods on top of those: run as the interface's
 *       default on this proxy, so that they end in the traced method;
 *   <li>everything else is forwarded; a result that leads to a traced call (the async or sync
 *       twin, {@code chat()}, {@code completions()}, {@code responses()}, {@code withOptions})
 *       is wrapped too.
 * </ul>
 * {@code withRawResponse()} is forwarded as it is: raw HTTP responses are not traced.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
final class TracingHandler implements InvocationHandler {
  /** The services whose {@code create} and {@code createStreaming} are traced. */
  private static final Set<Class<?>> TRACED = Set.of(ChatCompletionService.class,
      ChatCompletionServiceAsync.class, ResponseService.class, ResponseServiceAsync.class);

  /** What is wrapped when a forwarded method returns it: the way to the traced calls. */
  private static final Set<Class<?>> WRAPPED = Set.of(OpenAIClient.class, OpenAIClientAsync.class,
      ChatService.class, ChatServiceAsync.class, ChatCompletionService.class,
      ChatCompletionServiceAsync.class, ResponseService.class, ResponseServiceAsync.class);

  private final Object delegate;
  private final Tracing tracing;

  private TracingHandler(Object delegate, Tracing tracing) {
    this.delegate = delegate;
    this.tracing = tracing;
  }

  /** {@code delegate} behind a proxy of {@code type}; one already traced is returned as it is. */
  static <T> T wrap(Class<T> type, T delegate, Tracing tracing) {
    if (delegate == null || isTraced(delegate)) {
      return delegate;
    }
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
        new TracingHandler(delegate, tracing)));
  }

  static boolean isTraced(Object o) {
    return Proxy.isProxyClass(o.getClass()) && Proxy.getInvocationHandler(o) instanceof TracingHandler;
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    Class<?> declaring = method.getDeclaringClass();
    if (declaring == Object.class) {
      return objectMethod(proxy, method, args);
    }
    String name = method.getName();
    boolean create = name.equals("create");
    if ((create || name.equals("createStreaming")) && TRACED.contains(declaring)) {
      Class<?>[] types = method.getParameterTypes();
      if (types.length == 2 && types[1] == RequestOptions.class) {
        RequestOptions options = (RequestOptions) args[1];
        if (types[0] == ChatCompletionCreateParams.class) {
          return chat(declaring, create, (ChatCompletionCreateParams) args[0], options);
        }
        if (types[0] == ResponseCreateParams.class) {
          return response(declaring, create, (ResponseCreateParams) args[0], options);
        }
      }
      if (method.isDefault()) {
        return InvocationHandler.invokeDefault(proxy, method, args);
      }
    }
    Object result = forward(method, args);
    Class<?> returned = method.getReturnType();
    if (result != null && WRAPPED.contains(returned)) {
      return wrap(cast(returned), result, tracing);
    }
    return result;
  }

  private Object chat(Class<?> service, boolean create, ChatCompletionCreateParams params,
      RequestOptions options) {
    if (service == ChatCompletionService.class) {
      ChatCompletionService s = (ChatCompletionService) delegate;
      return create ? tracing.chat(s, params, options) : tracing.chatStreaming(s, params, options);
    }
    ChatCompletionServiceAsync s = (ChatCompletionServiceAsync) delegate;
    return create ? tracing.chat(s, params, options) : tracing.chatStreaming(s, params, options);
  }

  private Object response(Class<?> service, boolean create, ResponseCreateParams params,
      RequestOptions options) {
    if (service == ResponseService.class) {
      ResponseService s = (ResponseService) delegate;
      return create ? tracing.response(s, params, options) : tracing.responseStreaming(s, params, options);
    }
    ResponseServiceAsync s = (ResponseServiceAsync) delegate;
    return create ? tracing.response(s, params, options) : tracing.responseStreaming(s, params, options);
  }

  private Object forward(Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(delegate, args);
    } catch (InvocationTargetException e) {
      throw e.getCause(); // what the SDK threw, as it threw it
    }
  }

  private Object objectMethod(Object proxy, Method method, Object[] args) throws Throwable {
    return switch (method.getName()) {
      case "equals" -> proxy == args[0];
      case "hashCode" -> System.identityHashCode(proxy);
      case "toString" -> "Galileo-traced " + delegate;
      default -> forward(method, args);
    };
  }

  @SuppressWarnings("unchecked")
  private static <T> Class<T> cast(Class<?> type) {
    return (Class<T>) type;
  }
}
