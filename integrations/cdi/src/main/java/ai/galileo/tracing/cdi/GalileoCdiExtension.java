package ai.galileo.tracing.cdi;

import ai.galileo.tracing.annotation.Traced;
import ai.galileo.tracing.cdi.internal.TracedBinding;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.util.Nonbinding;

/**
 * The portable extension that makes {@link Traced} an interceptor binding and deploys {@link
 * TracedInterceptor}, for the containers that run portable extensions (Weld, as in WildFly,
 * Open Liberty, Helidon MP and Weld SE; OpenWebBeans). It is registered in {@code
 * META-INF/services/jakarta.enterprise.inject.spi.Extension}, so adding the jar is the whole set-up;
 * with Weld SE's discovery turned off, add it by hand: {@code new
 * Weld().disableDiscovery().addExtension(new GalileoCdiExtension())}.
 *
 * <p>Every member of {@code @Traced} is declared non-binding, so one interceptor serves every
 * traced method whatever its name or type. The extension adds the interceptor's class with its
 * binding (an instance of the annotation with its defaults, since {@code @Traced} cannot be
 * written on a class), and vetoes any copy of the class the container finds by itself, so the
 * interceptor is deployed once.
 *
 * <p>{@code GALILEO_ANNOTATIONS_ENABLED=false} (environment, or the system property {@code
 * galileo.annotations.enabled}), read when the container starts, leaves both out: {@code @Traced}
 * is then no binding and costs nothing.
 *
 * @since 0.1.0
 */
public class GalileoCdiExtension implements Extension {
  private static final String INTERCEPTOR_ID = GalileoCdiExtension.class.getName() + "#interceptor";

  /** Made by the container, through the service loader. */
  public GalileoCdiExtension() {}

  void declareBindingAndAddInterceptor(@Observes BeforeBeanDiscovery event) {
    if (!TracedBinding.switchedOn()) {
      return;
    }
    event.configureInterceptorBinding(Traced.class)
        .methods()
        .forEach(member -> member.add(Nonbinding.Literal.INSTANCE));
    // Added here rather than after type discovery: Weld enables interceptors by priority only
    // among the types known by then.
    event.addAnnotatedType(TracedInterceptor.class, INTERCEPTOR_ID).add(TracedBinding.instance());
  }

  void keepOnlyTheAddedInterceptor(@Observes ProcessAnnotatedType<TracedInterceptor> event) {
    // The container may find the class itself (in an implicit bean archive @Interceptor alone
    // makes it a bean), without its binding: that copy goes, or the interceptor would run twice.
    if (TracedInterceptor.class.equals(event.getAnnotatedType().getJavaClass())
        && !event.getAnnotatedType().isAnnotationPresent(Traced.class)) {
      event.veto();
    }
  }
}
