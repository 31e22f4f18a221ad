package ai.galileo.tracing.spring.boot.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.galileo.tracing.SpanType;
import ai.galileo.tracing.annotation.Traced;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.testing.GalileoTracingExtension;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.aop.framework.ProxyFactory;

/**
 * The advice on Spring AOP proxies made by hand: interface (JDK) proxies, where beans of several
 * classes hand over the very same interface {@code Method}, and class proxies.
 */
class TracedMethodInterceptorTest {
  @RegisterExtension
  final GalileoTracingExtension tracing = GalileoTracingExtension.create();
  private final TracedMethodInterceptor interceptor = new TracedMethodInterceptor(() -> tracing.tracer());

  @Test
  void oneInterfaceMethodOnTwoClassesAlternatelyIsTracedAsEachClassSaysEveryTime() {
    Speaker quiet = interfaceProxy(new Quiet());
    Speaker loud = interfaceProxy(new Loud());

    assertThat(quiet.say("a")).isEqualTo("a");
    assertThat(loud.say("b")).isEqualTo("B");
    assertThat(quiet.say("c")).isEqualTo("c");
    assertThat(loud.say("d")).isEqualTo("D");

    assertThat(names()).containsExactly("quiet", "loud", "quiet", "loud");
    assertThat(spans("loud")).extracting(SpanData::type).containsExactly(SpanType.TOOL, SpanType.TOOL);
  }

  @Test
  void aClassWhoseMethodHasNoAnnotationJustProceedsBesideOneThatHasIt() {
    Speaker plain = interfaceProxy(new Plain());
    Speaker quiet = interfaceProxy(new Quiet());

    assertThat(quiet.say("a")).isEqualTo("a");
    assertThat(plain.say("b")).isEqualTo("plain b");
    assertThat(quiet.say("c")).isEqualTo("c");
    assertThat(plain.say("d")).isEqualTo("plain d");

    assertThat(names()).containsExactly("quiet", "quiet");
  }

  @Test
  void oneInterfaceMethodOnThreeClassesKeepsEachClassItsOwnHandleInAnyOrder() {
    Speaker quiet = interfaceProxy(new Quiet());
    Speaker loud = interfaceProxy(new Loud());
    Speaker plain = interfaceProxy(new Plain());

    for (Speaker speaker : List.of(loud, plain, quiet, quiet, plain, loud)) {
      speaker.say("x");
    }

    assertThat(names()).containsExactly("loud", "quiet", "quiet", "loud");
    assertThat(plain.say("y")).isEqualTo("plain y");
  }

  @Test
  void aClassProxyTracesItsMethodAndPassesItsExceptionOnUnchanged() {
    ProxyFactory factory = new ProxyFactory(new Quiet());
    factory.setProxyTargetClass(true);
    factory.addAdvice(interceptor);
    Quiet proxy = (Quiet) factory.getProxy();

    assertThat(proxy.say("x")).isEqualTo("x");
    assertThatThrownBy(() -> proxy.fail()).isSameAs(Quiet.FAILURE);

    assertThat(names()).containsExactly("quiet", "Quiet.fail");
    assertThat(spans("Quiet.fail")).extracting(SpanData::statusCode).containsExactly(500);
  }

  private Speaker interfaceProxy(Speaker target) {
    ProxyFactory factory = new ProxyFactory(target);
    factory.setInterfaces(Speaker.class);
    factory.addAdvice(interceptor);
    return (Speaker) factory.getProxy();
  }

  /** The spans of that name, without the trace a span outside any trace opens for itself. */
  private List<SpanData> spans(String name) {
    return tracing.spans(name).stream().filter(s -> s.type() != SpanType.TRACE)
        .collect(Collectors.toList());
  }

  /** The ended spans' names in the order they ended, traces left out. */
  private List<String> names() {
    return tracing.exporter().finishedSpans().stream().filter(s -> s.type() != SpanType.TRACE)
        .map(SpanData::name).collect(Collectors.toList());
  }

  public interface Speaker {
    String say(String text);
  }

  public static class Quiet implements Speaker {
    static final IllegalStateException FAILURE = new IllegalStateException("quiet failure");

    @Override
    @Traced(name = "quiet")
    public String say(String text) {
      return text;
    }

    @Traced
    public String fail() {
      throw FAILURE;
    }
  }

  public static class Loud implements Speaker {
    @Override
    @Traced(name = "loud", type = SpanType.TOOL)
    public String say(String text) {
      return text.toUpperCase(java.util.Locale.ROOT);
    }
  }

  public static class Plain implements Speaker {
    @Override
    public String say(String text) {
      return "plain " + text;
    }
  }
}
