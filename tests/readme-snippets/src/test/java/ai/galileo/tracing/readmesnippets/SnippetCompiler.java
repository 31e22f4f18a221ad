package ai.galileo.tracing.readmesnippets;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles snippets with {@link javax.tools.JavaCompiler}, all in one task (each in a package of
 * its own), against a class path, and gives javac's errors as lines that point into the Markdown.
 */
final class SnippetCompiler {
  private final String classPath;

  SnippetCompiler(String classPath) {
    this.classPath = classPath;
  }

  /** One line per error, {@code file:line: message}, followed by the offending line; none if all compile. */
  List<String> errors(List<Snippet> snippets) throws IOException {
    List<String> errors = new ArrayList<>();
    Map<JavaFileObject, Unit> units = new IdentityHashMap<>();
    List<JavaFileObject> sources = new ArrayList<>();
    for (int i = 0; i < snippets.size(); i++) {
      Snippet snippet = snippets.get(i);
      SnippetSource source = SnippetSource.of(snippet, "snippets.s" + i);
      if (source.problem() != null) {
        errors.add(snippet.file() + ":" + snippet.line() + ": " + source.problem());
        continue;
      }
      JavaFileObject file = new InMemorySource(source);
      units.put(file, new Unit(snippet, source));
      sources.add(file);
    }
    if (sources.isEmpty()) {
      return errors;
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager standard =
        javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      JavaFileManager noOutput = new DiscardingClassFiles(standard);
      List<String> options = List.of("-classpath", classPath, "-proc:none", "-nowarn",
          "-Xlint:none", "-Xmaxerrs", "10000", "-encoding", "UTF-8");
      javac.getTask(null, noOutput, diagnostics, options, null, sources).call();
    }
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      if (d.getKind() != Diagnostic.Kind.ERROR) {
        continue;
      }
      Unit unit = units.get(d.getSource());
      if (unit == null) {
        errors.add("javac: " + d.getMessage(Locale.ROOT));
        continue;
      }
      long line = d.getLineNumber();
      String text = line >= 1 && line <= unit.source().lines().size()
          ? unit.source().lines().get((int) line - 1).trim() : "";
      errors.add(unit.snippet().file() + ":" + unit.source().markdownLine(line)
          + ": (the java block at line " + unit.snippet().line() + ") "
          + d.getMessage(Locale.ROOT).replaceAll("snippets\\.s\\d+\\.", "").replace("\n", "\n    ")
          + (text.isEmpty() ? "" : "\n    > " + text));
    }
    errors.sort(null); // by file, then (mostly) by line: diagnostics come in javac's order
    return errors;
  }

  private record Unit(Snippet snippet, SnippetSource source) {}

  private static final class InMemorySource extends SimpleJavaFileObject {
    private final String code;

    InMemorySource(SnippetSource source) {
      super(URI.create("string:///" + source.packageName().replace('.', '/') + "/"
          + source.typeName() + ".java"), Kind.SOURCE);
      this.code = String.join("\n", source.lines()) + "\n";
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
      return code;
    }
  }

  /** The snippets are only checked: their class files are thrown away. */
  private static final class DiscardingClassFiles
      extends ForwardingJavaFileManager<StandardJavaFileManager> {
    DiscardingClassFiles(StandardJavaFileManager standard) {
      super(standard);
    }

    @Override
    public JavaFileObject getJavaFileForOutput(Location location, String className,
        JavaFileObject.Kind kind, FileObject sibling) {
      return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/')
          + kind.extension), kind) {
        @Override
        public OutputStream openOutputStream() {
          return OutputStream.nullOutputStream();
        }
      };
    }
  }
}
