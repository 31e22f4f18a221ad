package ai.galileo.tracing.buildchecks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checker behind {@link SelfContainedTest}, on small trees made for each case. */
class OutsidePathCheckTest {
  // Written apart, so that this file passes the check it tests.
  private static final String UP = "." + ".";
  private static final String WORK = "/" + "work";
  private static final String HOME = "/" + "home";

  @TempDir Path root;

  @BeforeEach
  void aReactor() throws IOException {
    write("pom.xml", "<project><modules><module>mod</module></modules></project>");
    write("mod/pom.xml",
        "<project>",
        "  <parent><relativePath>" + UP + "/pom.xml</relativePath></parent>",
        "  <root>${project.basedir}/" + UP + "</root>",
        "</project>");
  }

  @Test
  void aTreeWhosePathsStayInsideThePasses() throws Exception {
    write("README.md",
        "See [the module](mod/README.md) and the spec; three dots are an ellipsis: GET .../spans.",
        "Cloned from https://example.com/a/" + UP + "/b, served at http://127.0.0.1:8080" + WORK + "/x.");
    write("mod/README.md", "[back up](" + UP + "/README.md), [spec](" + UP + "/spec/api.yaml)");
    write("mod/src/test/java/a/PathsTest.java",
        "class PathsTest {",
        "  String spec = \"" + UP + "/spec/api.yaml\";            // from mod/, where tests run",
        "  String traversal = \"/static/" + UP + "/" + UP + "/Secret.class\"; // a URL path",
        "  String route = \"" + WORK + "\";",
        "}");
    write("run", "cd \"$(dirname \"$0\")/mod/" + UP + "\"", "ls ~/.m2/repository");

    assertThat(OutsidePathCheck.check(root)).isEmpty();
  }

  @Test
  void aPomThatReadsSharedBesideTheRepositoryFailsNamingTheFileAndLine() throws Exception {
    write("mod/pom.xml",
        "<project>",
        "  <properties>",
        "    <spec>${project.basedir}/" + UP + "/" + UP + "/shared/api.yaml</spec>",
        "  </properties>",
        "</project>");

    List<String> problems = OutsidePathCheck.check(root);

    assertThat(problems).hasSize(1);
    assertThat(problems.get(0)).startsWith("mod/pom.xml:3: ").contains("shared/");
  }

  @Test
  void aMarkdownLinkThatClimbsAboveTheRootFails() throws Exception {
    write("README.md", "# Title", "", "The [design](" + UP + "/notes/DESIGN.md) says so.");

    assertThat(OutsidePathCheck.check(root))
        .singleElement(STRING)
        .startsWith("README.md:3: a relative path that leads outside the repository");
  }

  @Test
  void aScriptThatLeavesTheRepositoryFails() throws Exception {
    write("mod/run.sh", "#!/bin/sh", "cat \"$(dirname \"$0\")/" + UP + "/" + UP + "/notes.txt\"");
    write("build.sh", "#!/bin/sh", "cd \"$root/" + UP + "\"");

    assertThat(OutsidePathCheck.check(root))
        .hasSize(2)
        .anySatisfy(p -> assertThat(p).startsWith("mod/run.sh:2: "))
        .anySatisfy(p -> assertThat(p).startsWith("build.sh:2: "));
  }

  @Test
  void aJavaPathIsResolvedFromItsModuleWhereTestsRunNotFromItsFolder() throws Exception {
    // From the source's own folder this stays inside; from mod/, where surefire runs, it does not.
    write("mod/src/test/java/a/b/SpecTest.java",
        "class SpecTest {",
        "  java.nio.file.Path spec = java.nio.file.Path.of(\"" + UP + "/" + UP + "/api.yaml\");",
        "}");

    assertThat(OutsidePathCheck.check(root))
        .singleElement(STRING)
        .startsWith("mod/src/test/java/a/b/SpecTest.java:2: ")
        .contains("from mod");
  }

  @Test
  void anAbsolutePathIntoWorkOrAHomeFolderFails() throws Exception {
    write("mod/src/main/resources/app.properties",
        "spec=" + WORK + "/shared/api.yaml",
        "cache=" + HOME + "/alice/.cache/galileo",
        "ok=relative/path");

    assertThat(OutsidePathCheck.check(root))
        .containsExactly(
            "mod/src/main/resources/app.properties:1: an absolute path into /work or a home folder: spec="
                + WORK + "/shared/api.yaml",
            "mod/src/main/resources/app.properties:2: an absolute path into /work or a home folder: cache="
                + HOME + "/alice/.cache/galileo");
  }

  @Test
  void buildOutputVersionControlNodeModulesIgnoredAndBinaryFilesAreNotRead() throws Exception {
    String bad = "spec=" + UP + "/shared/api.yaml";
    write(".gitignore", "target/", "*.iml", ".idea/", "/local/notes.txt");
    write("mod/target/classes/app.properties", bad);
    write(".git/config", bad);
    write("mod/.git", "gitdir: " + WORK + "/main/.git/worktrees/mod"); // a worktree's .git file
    write("node_modules/x/package.json", bad);
    write(".idea/workspace.xml", bad);
    write("mod/mod.iml", bad);
    write("local/notes.txt", bad);
    Files.write(root.resolve("mod/data.bin"), ("\0\0" + bad).getBytes(StandardCharsets.UTF_8));

    assertThat(OutsidePathCheck.check(root)).isEmpty();

    write("local/other.txt", bad); // only the one file is ignored, not its folder
    assertThat(OutsidePathCheck.check(root))
        .singleElement(STRING)
        .startsWith("local/other.txt:1: refers to shared/ beside the repository");
  }

  private void write(String relative, String... lines) throws IOException {
    Path file = root.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.write(file, List.of(lines), StandardCharsets.UTF_8);
  }
}
