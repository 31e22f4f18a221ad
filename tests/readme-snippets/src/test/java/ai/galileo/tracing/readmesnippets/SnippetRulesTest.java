package ai.galileo.tracing.readmesnippets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules ReadmeSnippetsTest applies, on Markdown written here. */
class SnippetRulesTest {
  private static List<String> errors(String... markdown) throws Exception {
    return new SnippetCompiler(ReadmeSnippetsTest.testClassPath())
        .errors(Snippet.in("GUIDE.md", List.of(markdown)));
  }

  @Test
  void aBlockOfStatementsThatUsesAnUndeclaredNameFailsWithTheMarkdownLine() throws Exception {
    List<String> errors = errors("# Guide", "", "```java",
        "import ai.galileo.tracing.Galileo;", "",
        "Galileo.tracer().traceBuilder(question).start().end();", "```");
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0)).startsWith("GUIDE.md:6: (the java block at line 3)")
        .contains("cannot find symbol", "question", "> Galileo.tracer().traceBuilder(question)");
  }

  @Test
  void aBlockWithoutItsImportsFails() throws Exception {
    assertThat(errors("```java", "Galileo.tracer();", "```"))
        .singleElement().asString().contains("GUIDE.md:2:", "Galileo");
  }

  @Test
  void givenNamesBecomeParametersAndImportsAreHoisted() throws Exception {
    assertThat(errors("```java",
        "// given: String question, Map<String, String> headers",
        "Span span = Galileo.tracer().traceBuilder(question).start();",
        "import ai.galileo.tracing.Galileo;",
        "import ai.galileo.tracing.Span;",
        "import java.util.Map;",
        "span.end(headers.get(\"x\"));", "```")).isEmpty();
    assertThat(errors("```java", "// given: String question   // what the user asked",
        "int length = question.length();", "```")).isEmpty();
  }

  @Test
  void aBlockThatDeclaresATypeCompilesAsAFile() throws Exception {
    assertThat(errors("```java", "import ai.galileo.tracing.Galileo;", "",
        "public class Answers {", "  String answer() { return Galileo.tracer().toString(); }", "}",
        "```")).isEmpty();
    assertThat(errors("```java", "class Answers {", "  // given: String question", "}", "```"))
        .singleElement().asString().contains("GUIDE.md:1:", "given");
  }

  @Test
  void fragmentsAndOtherLanguagesAreNotCompiled() throws Exception {
    assertThat(Snippet.in("GUIDE.md", List.of("```java-fragment", "not java", "```",
        "```bash", "mvn verify", "```", "```java", "int one = 1;", "```"))).hasSize(1);
  }
}
