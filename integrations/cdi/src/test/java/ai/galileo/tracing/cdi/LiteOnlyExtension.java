package ai.galileo.tracing.cdi;

import jakarta.enterprise.inject.build.compatible.spi.ClassConfig;
import jakarta.enterprise.inject.build.compatible.spi.Discovery;
import jakarta.enterprise.inject.build.compatible.spi.Enhancement;
import jakarta.enterprise.inject.build.compatible.spi.MetaAnnotations;
import jakarta.enterprise.inject.build.compatible.spi.ScannedClasses;

/**
 * {@link GalileoCdiLiteExtension} without its {@code @SkipIfPortableExtensionPresent}: Weld, which
 * runs portable extensions, always skips an extension that carries it, so this lets Weld run the
 * CDI Lite path as a container without portable extensions (Quarkus) runs it. Weld reads only the
 * extension methods a class declares, hence the overrides.
 */
public class LiteOnlyExtension extends GalileoCdiLiteExtension {
  @Override
  @Discovery
  public void declareBinding(MetaAnnotations annotations, ScannedClasses scanned) {
    super.declareBinding(annotations, scanned);
  }

  @Override
  @Enhancement(types = TracedInterceptor.class, withSubtypes = false)
  public void bindInterceptor(ClassConfig interceptor) {
    super.bindInterceptor(interceptor);
  }
}
