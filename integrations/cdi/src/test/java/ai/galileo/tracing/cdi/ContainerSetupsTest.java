package ai.galileo.tracing.cdi;

import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.core.internal.annotation.AnnotationsIntegration;
import ai.galileo.tracing.testing.GalileoTracingExtension;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The ways a container can come to the interceptor, each making exactly one span per call. */
class ContainerSetupsTest {
  @RegisterExtension
  static final GalileoTracingExtension tracing = GalileoTracingExtension.create();

  @Test
  void withWeldSeDiscoveryOffTheExtensionAddedByHandDeploysTheInterceptor() {
    Weld weld = new Weld().disableDiscovery()
        .addBeanClasses(Librarian.class, Catalogue.class)
        .addExtension(new GalileoCdiExtension());
    try (WeldContainer container = weld.initialize()) {
      container.select(Librarian.class).get().answer("comets");
    }

    assertThat(Spans.names(tracing))
        .containsExactly("Catalogue.search", "Librarian.answer");
  }

  @Test
  void anInterceptorClassTheContainerAlsoFindsByItselfStillMakesOneSpanPerCall() {
    // As in an implicit bean archive, where @Interceptor alone makes the class found; the
    // extension vetoes that unbound copy (Weld would leave it idle; other containers may not).
    Weld weld = new Weld().disableDiscovery()
        .addBeanClasses(Librarian.class, Catalogue.class, TracedInterceptor.class)
        .addExtension(new GalileoCdiExtension());
    try (WeldContainer container = weld.initialize()) {
      container.select(Librarian.class).get().answer("comets");
    }

    assertThat(Spans.names(tracing))
        .containsExactly("Catalogue.search", "Librarian.answer");
  }

  @Test
  void theBuildCompatibleExtensionAloneBindsAndDeploysTheInterceptorAsQuarkusWouldRunIt() {
    Weld weld = new Weld().disableDiscovery()
        .addBeanClasses(Librarian.class, Catalogue.class)
        .addBuildCompatibleExtensions(LiteOnlyExtension.class);
    try (WeldContainer container = weld.initialize()) {
      container.select(Librarian.class).get().signIn("galileo", "secret");
    }

    SpanData signIn = Spans.span(tracing, "Librarian.signIn");
    assertThat(signIn.input().asText()).isEqualTo("{\"user\":\"galileo\"}");
  }

  @Test
  void withoutEitherExtensionTheAnnotationDoesNothingAndTheBeanStillWorks() {
    Weld weld = new Weld().disableDiscovery().addBeanClasses(Librarian.class, Catalogue.class);
    try (WeldContainer container = weld.initialize()) {
      assertThat(container.select(Librarian.class).get().answer("comets"))
          .startsWith("Found: ");
    }

    assertThat(tracing.spans()).isEmpty();
  }

  @Test
  void switchedOffTheExtensionLeavesTheInterceptorOutAndTheDoctorSaysWhy() {
    Weld weld = new Weld().disableDiscovery()
        .addBeanClasses(Librarian.class, Catalogue.class)
        .addExtension(new GalileoCdiExtension());
    String answer = withAnnotationsSwitchedOff(() -> {
      try (WeldContainer container = weld.initialize()) {
        return container.select(Librarian.class).get().answer("comets");
      }
    });

    assertThat(answer).startsWith("Found: ");
    assertThat(tracing.spans()).isEmpty();
    assertThat(new AnnotationsIntegration().description())
        .contains("GALILEO_ANNOTATIONS_ENABLED=false");
  }

  @Test
  void switchedOffTheBuildCompatibleExtensionLeavesTheInterceptorOutToo() {
    Weld weld = new Weld().disableDiscovery()
        .addBeanClasses(Librarian.class, Catalogue.class)
        .addBuildCompatibleExtensions(LiteOnlyExtension.class);
    String answer = withAnnotationsSwitchedOff(() -> {
      try (WeldContainer container = weld.initialize()) {
        return container.select(Librarian.class).get().answer("comets");
      }
    });

    assertThat(answer).startsWith("Found: ");
    assertThat(tracing.spans()).isEmpty();
  }

  private static <T> T withAnnotationsSwitchedOff(Supplier<T> start) {
    System.setProperty("galileo.annotations.enabled", "false");
    try {
      return start.get();
    } finally {
      System.clearProperty("galileo.annotations.enabled");
    }
  }
}
