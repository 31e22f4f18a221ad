package ai.galileo.tracing.core.internal.transport;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The version a module's build wrote into {@code version.properties} beside a class, for
 * {@link ai.galileo.tracing.core.transport.TransportProvider#version()}.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class ModuleVersion {
  private ModuleVersion() {}

  /** The {@code version} in {@code version.properties} in the anchor's package, or "unknown". */
  public static String of(Class<?> anchor) {
    try (InputStream in = anchor.getResourceAsStream("version.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        String v = p.getProperty("version");
        if (v != null && !v.isBlank() && !v.startsWith("$")) {
          return v.trim();
        }
      }
    } catch (IOException e) {
      // fall through
    }
    Package pkg = anchor.getPackage();
    String v = pkg == null ? null : pkg.getImplementationVersion();
    return v == null ? "unknown" : v;
  }

  /**
   * The version of a library, from the manifest of the jar that holds the named class; null when
   * the class is missing, "" when its version is unknown. Loads the class without initializing it.
   */
  public static String ofLibrary(String className, ClassLoader loader) {
    try {
      Class<?> c = Class.forName(className, false, loader);
      Package pkg = c.getPackage();
      String v = pkg == null ? null : pkg.getImplementationVersion();
      return v == null ? "" : v;
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
  }
}
