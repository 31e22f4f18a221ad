package ai.galileo.tracing.core.propagation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Propagator;
import ai.galileo.tracing.Span;
import ai.galileo.tracing.SpanContext;
import ai.galileo.tracing.core.internal.NamedProviders;
import ai.galileo.tracing.spi.ConfigValues;
import ai.galileo.tracing.spi.PropagatorProvider;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PropagatorsTest {
  static final ClassLoader LOADER = PropagatorsTest.class.getClassLoader();
  static final Context CONTEXT = Context.root().with(Span.wrap(SpanContext.create(
      UUID.fromString("6f1e0b2c-3a4d-4e5f-8a9b-0c1d2e3f4a5b"),
      UUID.fromString("0d9c8b7a-6f5e-4d3c-9b2a-190817263544"))));

  @TempDir Path dir;
  final List<URLClassLoader> loaders = new ArrayList<>();

  @AfterEach
  void closeLoaders() throws IOException {
    for (URLClassLoader loader : loaders) {
      loader.close();
    }
  }

  static ConfigValues config(String propagators) {
    return name -> Propagators.SETTING.equals(name) ? propagators : null;
  }

  @Test
  void serviceLoaderFindsBothBuiltInsThroughMetaInfServices() {
    List<String> names = ServiceLoader.load(PropagatorProvider.class, LOADER).stream()
        .map(p -> p.get().name())
        .toList();

    assertThat(names).contains("galileo", "tracecontext");
    assertThat(Propagators.available(LOADER)).containsExactly("galileo", "tracecontext");
  }

  @Test
  void defaultIsGalileoThenTraceContext() {
    Propagator propagator = Propagators.fromConfig(name -> null, LOADER);

    assertThat(propagator.fields()).containsExactly(
        "x-galileo-trace-id", "x-galileo-parent-id", "traceparent", "tracestate");
    assertThat(propagator.injectHeaders(CONTEXT).keySet()).containsExactly(
        "X-Galileo-Trace-ID", "X-Galileo-Parent-ID", "traceparent", "tracestate");
  }

  @Test
  void theConfiguredOrderIsHonoured() {
    Propagator propagator = Propagators.fromConfig(config("tracecontext,galileo"), LOADER);

    assertThat(propagator.fields()).containsExactly(
        "traceparent", "tracestate", "x-galileo-trace-id", "x-galileo-parent-id");
  }

  @Test
  void namesAreTrimmedCaseInsensitiveAndEmptyEntriesSkipped() {
    Propagator propagator = Propagators.fromConfig(config(" GALILEO ,, TraceContext ,"), LOADER);

    assertThat(propagator.fields()).containsExactly(
        "x-galileo-trace-id", "x-galileo-parent-id", "traceparent", "tracestate");
  }

  @Test
  void aSingleNameGivesThatPropagatorItself() {
    assertThat(Propagators.fromConfig(config("tracecontext"), LOADER))
        .isInstanceOf(W3CTraceContextPropagator.class);
  }

  @Test
  void providersGetTheConfiguration() {
    ConfigValues config = Map.of(
        Propagators.SETTING, "galileo", GalileoPropagator.HEADERS_SETTING, "splunk-ao")::get;

    assertThat(Propagators.fromConfig(config, LOADER).injectHeaders(CONTEXT))
        .containsOnlyKeys("Splunk-AO-Trace-ID", "Splunk-AO-Parent-ID");
  }

  @Test
  void anInvalidHeaderStyleFailsCreation() {
    ConfigValues config = Map.of(GalileoPropagator.HEADERS_SETTING, "x-b3")::get;

    assertThatThrownBy(() -> Propagators.fromConfig(config, LOADER))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("GALILEO_PROPAGATOR_HEADERS");
  }

  @Test
  void noneAloneTurnsPropagationOff() {
    assertThat(Propagators.fromConfig(config(" None "), LOADER)).isSameAs(Propagator.noop());
  }

  @Test
  void noneWithOtherNamesIsAnError() {
    assertThatThrownBy(() -> Propagators.fromConfig(config("none,galileo"), LOADER))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("GALILEO_PROPAGATORS")
        .hasMessageContaining("none");
  }

  @Test
  void aListWithNoNamesIsAnError() {
    assertThatThrownBy(() -> Propagators.fromConfig(config(" , ,"), LOADER))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("GALILEO_PROPAGATORS");
  }

  @Test
  void anUnknownNameIsAnErrorThatSaysWhatIsAvailableAndWhatToAdd() {
    assertThatThrownBy(() -> Propagators.fromConfig(config("galileo,b3"), LOADER))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("GALILEO_PROPAGATORS")
        .hasMessageContaining("'b3'")
        .hasMessageContaining("galileo, tracecontext")
        .hasMessageContaining("class path");
  }

  @Test
  void onlySelectedProvidersAreCreated() throws IOException {
    ClassLoader loader = loaderWithProviders(Exploding.class);

    assertThat(Propagators.available(loader)).contains("exploding");
    assertThat(Propagators.fromConfig(config("galileo"), loader))
        .isInstanceOf(GalileoPropagator.class);
    assertThatThrownBy(() -> Propagators.fromConfig(config("exploding"), loader))
        .hasMessage("created");
  }

  @Test
  void forADuplicatedNameTheFirstByClassNameWinsWhateverTheClassPathOrder() throws IOException {
    ClassLoader loader = loaderWithProviders(LateGalileoProvider.class, EarlyGalileoProvider.class);

    try (LogCapture log = LogCapture.of(NamedProviders.class)) {
      Propagator propagator = Propagators.fromConfig(config("galileo"), loader);

      assertThat(propagator).isSameAs(EarlyGalileoProvider.PROPAGATOR);
      assertThat(log.messages()).hasSize(2).allSatisfy(message ->
          assertThat(message).contains("Ignoring").contains("EarlyGalileoProvider"));
    }
  }

  @Test
  void aProviderThatFailsToLoadIsSkipped() throws IOException {
    ClassLoader loader = loaderWithProviders("com.example.Missing", NoName.class.getName());

    assertThat(Propagators.available(loader)).containsExactly("galileo", "tracecontext");
  }

  private ClassLoader loaderWithProviders(Class<?>... providers) throws IOException {
    String[] names = new String[providers.length];
    for (int i = 0; i < providers.length; i++) {
      names[i] = providers[i].getName();
    }
    return loaderWithProviders(names);
  }

  /** The test class path plus one more services file that lists the given classes. */
  private ClassLoader loaderWithProviders(String... classNames) throws IOException {
    Path services = dir.resolve("META-INF/services/" + PropagatorProvider.class.getName());
    Files.createDirectories(services.getParent());
    Files.write(services, List.of(classNames));
    URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, LOADER);
    loaders.add(loader);
    return loader;
  }

  /** Fails if anyone creates it. */
  public static final class Exploding implements PropagatorProvider {
    @Override
    public String name() {
      return "exploding";
    }

    @Override
    public Propagator create(ConfigValues config) {
      throw new IllegalStateException("created");
    }
  }

  /** Named like the built-in; its class name sorts after it and after EarlyGalileoProvider. */
  public static final class LateGalileoProvider implements PropagatorProvider {
    @Override
    public String name() {
      return "galileo";
    }

    @Override
    public Propagator create(ConfigValues config) {
      return new Propagator() {
        @Override
        public Collection<String> fields() {
          return List.of("late");
        }

        @Override
        public <C> void inject(Context context, C carrier, Setter<C> setter) {}

        @Override
        public <C> Context extract(Context context, C carrier, Getter<C> getter) {
          return context;
        }
      };
    }
  }

  /** Gives no name, so it cannot be selected. */
  public static final class NoName implements PropagatorProvider {
    @Override
    public String name() {
      return " ";
    }

    @Override
    public Propagator create(ConfigValues config) {
      throw new AssertionError();
    }
  }
}
