package ai.galileo.tracing.cdi;

import ai.galileo.tracing.annotation.Traced;
import ai.galileo.tracing.cdi.internal.TracedBinding;
import jakarta.enterprise.inject.build.compatible.spi.BuildCompatibleExtension;
import jakarta.enterprise.inject.build.compatible.spi.ClassConfig;
import jakarta.enterprise.inject.build.compatible.spi.Discovery;
import jakarta.enterprise.inject.build.compatible.spi.Enhancement;
import jakarta.enterprise.inject.build.compatible.spi.MetaAnnotations;
import jakarta.enterprise.inject.build.compatible.spi.ScannedClasses;
import jakarta.enterprise.inject.build.compatible.spi.SkipIfPortableExtensionPresent;
import jakarta.enterprise.util.Nonbinding;

/**
 * The build compatible extension (CDI Lite) that does what {@link GalileoCdiExtension} does, for
 * the containers that run no portable extensions, Quarkus' ArC first: it makes {@link Traced} an
 * interceptor binding with every member non-binding, adds {@link TracedInterceptor} to the
 * classes the container scans, and gives the interceptor its binding. It is registered in {@code
 * META-INF/services/jakarta.enterprise.inject.build.compatible.spi.BuildCompatibleExtension}; a
 * container that runs portable extensions skips it and runs {@code GalileoCdiExtension}.
 *
 * <p>{@code GALILEO_ANNOTATIONS_ENABLED=false} leaves the binding and the interceptor out, read
 * when the extension runs: in Quarkus that is the build (a build-time setting, as Quarkus' own
 * are), in a CDI Lite container that runs it at start-up, the start.
 *
 * @since 0.1.0
 */
@SkipIfPortableExtensionPresent(GalileoCdiExtension.class)
public class GalileoCdiLiteExtension implements BuildCompatibleExtension {

  /** Made by the container, through the service loader. */
  public GalileoCdiLiteExtension() {}

  /**
   * Declares the binding and has the interceptor scanned.
   *
   * @param annotations where interceptor bindings are declared
   * @param scanned the classes the container scans
   */
  @Discovery
  public void declareBinding(MetaAnnotations annotations, ScannedClasses scanned) {
    if (!TracedBinding.switchedOn()) {
      return;
    }
    annotations.addInterceptorBinding(Traced.class)
        .methods()
        .forEach(member -> member.addAnnotation(Nonbinding.Literal.INSTANCE));
    scanned.add(TracedInterceptor.class.getName());
  }

  /**
   * Binds the interceptor to {@code @Traced}.
   *
   * @param interceptor the interceptor's class, as the container reads it
   */
  @Enhancement(types = TracedInterceptor.class, withSubtypes = false)
  public void bindInterceptor(ClassConfig interceptor) {
    if (!interceptor.info().hasAnnotation(Traced.class)) {
      interceptor.addAnnotation(TracedBinding.instance());
    }
  }
}
