package ai.galileo.tracing.testing;

import ai.galileo.tracing.core.Doctor;
import ai.galileo.tracing.core.GalileoConfig;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@linkplain Doctor doctor}'s line for one integration, for an integration module's own test
 * that the doctor finds it and says rightly whether it is on:
 *
 * <pre>{@code
 * DoctorLine.of("openai").assertOn("openai-java", "set up in this process");
 * DoctorLine.of("openai").inFreshClassLoader().assertOff("not set up in this process");
 * DoctorLine.of("openai").without("com.openai.client.OpenAIClient")
 *     .assertOff("which is not on the class path");
 * }</pre>
 *
 * <p>{@link #of} asks the doctor in the test's own class loader, so it sees what the test set up.
 * {@link #inFreshClassLoader()} and {@link #without} ask it in a new class loader over the test's
 * class path, as a new process would: nothing set up yet, and, with {@code without}, the jars (or
 * class directories) that hold the named classes left out, as when a {@code provided} library is
 * missing. The doctor runs with {@code GALILEO_EXPORTER=none} and asks no target for its health.
 *
 * @since 0.1.0
 */
public final class DoctorLine {
  private final String integration;
  private final boolean fresh;
  private final List<String> absentClasses;

  private DoctorLine(String integration, boolean fresh, List<String> absentClasses) {
    this.integration = integration;
    this.fresh = fresh;
    this.absentClasses = absentClasses;
  }

  /**
   * The line of the integration with this short name (such as {@code "openai"}), asked in the
   * test's own class loader.
   */
  public static DoctorLine of(String integration) {
    if (integration == null || integration.isBlank()) {
      throw new IllegalArgumentException("an integration's short name is needed");
    }
    return new DoctorLine(integration, false, List.of());
  }

  /** The same line, asked in a new class loader over the test's class path: nothing set up yet. */
  public DoctorLine inFreshClassLoader() {
    return new DoctorLine(integration, true, absentClasses);
  }

  /**
   * The same line, asked in a new class loader over the test's class path without the entries
   * that hold these classes (fully qualified names, found by the test's class loader).
   *
   * @throws IllegalArgumentException if a class is not on the test's class path
   */
  public DoctorLine without(String... classNames) {
    List<String> absent = new ArrayList<>(absentClasses);
    absent.addAll(Arrays.asList(classNames));
    return new DoctorLine(integration, true, List.copyOf(absent));
  }

  /**
   * The doctor's line for the integration, without its leading spaces, such as {@code "openai
   * 0.1.0: on - ..."}.
   *
   * @throws AssertionError if the doctor does not list the integration
   */
  public String line() {
    String report = fresh ? reportInFreshLoader() : report(getClass().getClassLoader());
    String prefix = "  " + integration + " ";
    return report.lines().filter(l -> l.startsWith(prefix)).findFirst()
        .map(String::strip)
        .orElseThrow(() -> new AssertionError("the doctor lists no integration named "
            + integration + (absentClasses.isEmpty() ? "" : " without " + absentClasses)
            + ":\n" + report));
  }

  /**
   * Asserts that the doctor reports the integration on and that its line contains each fragment.
   *
   * @return the line
   */
  public String assertOn(String... fragments) {
    return assertLine(": on - ", fragments);
  }

  /**
   * Asserts that the doctor reports the integration off and that its line contains each fragment
   * (the reason, say).
   *
   * @return the line
   */
  public String assertOff(String... fragments) {
    return assertLine(": off - ", fragments);
  }

  private String assertLine(String state, String... fragments) {
    String line = line();
    List<String> missing = new ArrayList<>();
    if (!line.contains(state)) {
      missing.add(state);
    }
    for (String f : fragments) {
      if (!line.contains(f)) {
        missing.add(f);
      }
    }
    if (!missing.isEmpty()) {
      throw new AssertionError("the doctor's line for " + integration + describe() + " lacks "
          + missing + ":\n  " + line);
    }
    return line;
  }

  private String describe() {
    if (!fresh) {
      return "";
    }
    return absentClasses.isEmpty() ? " (fresh class loader)" : " (without " + absentClasses + ")";
  }

  private static String report(ClassLoader loader) {
    GalileoConfig config = GalileoConfig.builder().set("GALILEO_EXPORTER", "none").build();
    return Doctor.report(config, loader, false);
  }

  /** The report as the same calls make it inside a new class loader, through reflection. */
  private String reportInFreshLoader() {
    URL[] urls = classPathWithout(absentClasses);
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    try (URLClassLoader loader = new URLClassLoader("galileo-doctor-line", urls,
        ClassLoader.getPlatformClassLoader())) {
      thread.setContextClassLoader(loader);
      Class<?> configClass = loader.loadClass(GalileoConfig.class.getName());
      Method builderMethod = configClass.getMethod("builder");
      Object builder = builderMethod.invoke(null);
      Class<?> builderClass = builderMethod.getReturnType();
      builderClass.getMethod("set", String.class, String.class)
          .invoke(builder, "GALILEO_EXPORTER", "none");
      Object config = builderClass.getMethod("build").invoke(builder);
      return (String) loader.loadClass(Doctor.class.getName())
          .getMethod("report", configClass, ClassLoader.class, boolean.class)
          .invoke(null, config, loader, false);
    } catch (InvocationTargetException e) {
      throw new AssertionError("the doctor failed in a fresh class loader", e.getCause());
    } catch (ReflectiveOperationException | IOException e) {
      throw new AssertionError("could not run the doctor in a fresh class loader", e);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  /** The test's class path as URLs, without the entries holding the classes. */
  private static URL[] classPathWithout(List<String> classNames) {
    Set<Path> excluded = new HashSet<>();
    ClassLoader testLoader = DoctorLine.class.getClassLoader();
    for (String name : classNames) {
      String resource = name.replace('.', '/') + ".class";
      List<URL> found;
      try {
        found = Collections.list(testLoader.getResources(resource));
      } catch (IOException e) {
        throw new IllegalStateException("could not look for " + name, e);
      }
      if (found.isEmpty()) {
        throw new IllegalArgumentException(name + " is not on the test's class path");
      }
      for (URL url : found) {
        excluded.add(entryOf(url, resource));
      }
    }
    List<URL> urls = new ArrayList<>();
    for (String entry : testClassPath().split(File.pathSeparator)) {
      if (entry.isBlank()) {
        continue;
      }
      Path path = Paths.get(entry).toAbsolutePath().normalize();
      if (!excluded.contains(path)) {
        try {
          urls.add(path.toUri().toURL());
        } catch (MalformedURLException e) {
          throw new IllegalStateException("class path entry " + entry, e);
        }
      }
    }
    return urls.toArray(URL[]::new);
  }

  /**
   * Surefire runs tests from a manifest-only jar, so {@code java.class.path} may name that jar
   * alone; it passes the real class path in {@code surefire.test.class.path}.
   */
  private static String testClassPath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank()
        ? surefire
        : System.getProperty("java.class.path");
  }

  /** The jar or directory a class file was found in. */
  private static Path entryOf(URL url, String resource) {
    try {
      String s = url.toString();
      if (s.startsWith("jar:")) {
        s = s.substring("jar:".length(), s.indexOf("!/"));
      } else {
        s = s.substring(0, s.length() - resource.length());
      }
      return Paths.get(new URL(s).toURI()).toAbsolutePath().normalize();
    } catch (MalformedURLException | URISyntaxException | RuntimeException e) {
      throw new IllegalStateException("cannot tell which class path entry holds " + url, e);
    }
  }
}
