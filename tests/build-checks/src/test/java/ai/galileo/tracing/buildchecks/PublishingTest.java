package ai.galileo.tracing.buildchecks;

import static ai.galileo.tracing.buildchecks.Poms.child;
import static ai.galileo.tracing.buildchecks.Poms.children;
import static ai.galileo.tracing.buildchecks.Poms.text;
import static org.assertj.core.api.Assertions.assertThat;

import ai.galileo.tracing.buildchecks.Poms.Pom;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * What publishing needs: the metadata Maven Central requires on every published pom, a release
 * profile that signs and bundles them, and a README command that installs exactly them.
 */
class PublishingTest {
  private static final String GROUP = "ai.galileo.java";
  private static Path root;
  private static List<Pom> reactor;

  @BeforeAll
  static void readReactor() throws Exception {
    root = Paths.get(System.getProperty("reactor.root")).toRealPath();
    reactor = Poms.reactor(root);
  }

  private static List<Pom> published() {
    List<Pom> out = new ArrayList<>();
    for (Pom pom : reactor) {
      if (pom.published()) {
        out.add(pom);
      }
    }
    assertThat(out).extracting(Pom::artifactId)
        .contains("galileo-java-parent", "galileo-bom", "galileo-api", "galileo-core");
    return out;
  }

  @Test
  void everyPublishedPomHasTheMetadataMavenCentralRequiresItselfOrFromItsParents() throws Exception {
    List<String> missing = new ArrayList<>();
    for (Pom pom : published()) {
      String id = pom.artifactId();
      List<Pom> chain = pom.chain();
      for (Pom p : chain) {
        if (!p.published()) {
          missing.add(id + ": its parent " + p.artifactId() + " is not published");
        }
      }
      require(missing, id, "name", text(pom.project(), "name"));
      require(missing, id, "description", text(pom.project(), "description"));
      require(missing, id, "groupId", inherited(chain, "groupId", true));
      require(missing, id, "version", inherited(chain, "version", true));
      require(missing, id, "url", inherited(chain, "url", false));

      List<Element> licenses = children(first(chain, "licenses"), "license");
      if (licenses.isEmpty()) {
        missing.add(id + ": licenses");
      }
      for (Element license : licenses) {
        assertThat(text(license, "name")).as("license of %s", id).isEqualTo("Apache-2.0");
        require(missing, id, "license url", text(license, "url"));
      }
      List<Element> developers = children(first(chain, "developers"), "developer");
      if (developers.isEmpty()) {
        missing.add(id + ": developers");
      }
      for (Element developer : developers) {
        require(missing, id, "developer name", text(developer, "name"));
      }
      Element scm = first(chain, "scm");
      for (String field : List.of("url", "connection", "developerConnection")) {
        require(missing, id, "scm " + field, text(scm, field));
      }
    }
    assertThat(missing).as("Maven Central's required metadata that published poms lack").isEmpty();
  }

  @Test
  void theBomWhichHasNoParentRepeatsTheParentsMetadata() throws Exception {
    Element parent = pom("galileo-java-parent").project();
    Element bom = pom("galileo-bom").project();
    for (String element : List.of("url", "organization", "licenses", "developers", "scm")) {
      assertThat(flat(child(bom, element))).as("<%s> of the BOM and of the parent", element)
          .isNotEmpty()
          .isEqualTo(flat(child(parent, element)));
    }
  }

  @Test
  void aReleaseProfileSignsAndBundlesThePublishedPomsAndCiNeverRunsIt() throws Exception {
    Pom parent = pom("galileo-java-parent");
    Pom bom = pom("galileo-bom");
    for (Pom pom : List.of(parent, bom)) {
      Element release = null;
      for (Element profile : children(child(pom.project(), "profiles"), "profile")) {
        if ("release".equals(text(profile, "id"))) {
          release = profile;
        }
      }
      assertThat(release).as("a release profile in %s", pom.artifactId()).isNotNull();
      assertThat(child(release, "activation")).as("the release profile is only ever asked for").isNull();
      Element gpg = plugin(release, "maven-gpg-plugin");
      Element central = plugin(release, "central-publishing-maven-plugin");
      assertThat(gpg).as("maven-gpg-plugin in %s's release profile", pom.artifactId()).isNotNull();
      assertThat(central).as("central-publishing-maven-plugin in %s", pom.artifactId()).isNotNull();
      assertThat(flat(gpg)).contains("sign");
      assertThat(text(central, "extensions")).isEqualTo("true");
      assertThat(text(child(central, "configuration"), "publishingServerId")).isEqualTo("central");
      assertThat(resolve(parent, text(gpg, "version")))
          .as("maven-gpg-plugin's version in %s", pom.artifactId())
          .isEqualTo(resolve(parent, text(plugin(releaseOf(parent), "maven-gpg-plugin"), "version")));
      assertThat(resolve(parent, text(central, "version")))
          .as("central-publishing-maven-plugin's version in %s", pom.artifactId())
          .isEqualTo(resolve(parent,
              text(plugin(releaseOf(parent), "central-publishing-maven-plugin"), "version")));
    }
    // Unpublished modules are built and tested by a release, but neither signed nor uploaded.
    Element central = plugin(releaseOf(parent), "central-publishing-maven-plugin");
    assertThat(text(child(central, "configuration"), "skipPublishing")).isEqualTo("${galileo.unpublished}");
    assertThat(flat(plugin(releaseOf(parent), "maven-gpg-plugin"))).contains("${galileo.unpublished}");

    String ci = Files.readString(root.resolve(".ci/run"), StandardCharsets.UTF_8);
    assertThat(ci).doesNotContainPattern("-P\\s*\\S*release");
  }

  @Test
  void theReadmesInstallCommandInstallsThePublishedModulesAndNothingElse() throws Exception {
    String readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);
    Matcher command = Pattern.compile("(?m)^mvn .*\\binstall\\b.*$").matcher(readme);
    assertThat(command.find()).as("an mvn ... install command in README.md").isTrue();
    List<String> words = Arrays.asList(command.group().trim().split("\\s+"));
    assertThat(words).as("the README's install command").contains("-am", "-DskipTests");
    int pl = words.indexOf("-pl");
    assertThat(pl).as("-pl in the README's install command").isPositive();

    Set<String> listed = new TreeSet<>(Arrays.asList(words.get(pl + 1).split(",")));
    Set<String> modules = new TreeSet<>();
    Set<String> artifacts = new TreeSet<>();
    for (Pom pom : published()) {
      artifacts.add(pom.artifactId());
      if (!pom.dir().equals(root)) {
        modules.add(root.relativize(pom.dir()).toString()); // the root comes in through -am
      }
    }
    assertThat(listed).as("the modules -pl lists: every published one, and only those")
        .isEqualTo(modules);

    // -am also builds what they depend on: that must be published too, or it would be installed;
    // unpublished test helpers are built for the tests' sake, and the parent skips installing them.
    Element install = null;
    for (Element p : children(child(child(child(pom("galileo-java-parent").project(), "build"),
        "pluginManagement"), "plugins"), "plugin")) {
      if ("maven-install-plugin".equals(text(p, "artifactId"))) {
        install = p;
      }
    }
    assertThat(install).as("maven-install-plugin in the parent's pluginManagement").isNotNull();
    assertThat(text(child(install, "configuration"), "skip")).isEqualTo("${galileo.unpublished}");
    for (Pom pom : published()) {
      for (Element dep : children(child(pom.project(), "dependencies"), "dependency")) {
        if (GROUP.equals(text(dep, "groupId")) && !"test".equals(text(dep, "scope"))) {
          assertThat(artifacts).as("what %s depends on", pom.artifactId())
              .contains(text(dep, "artifactId"));
        }
      }
    }
  }

  private static Pom pom(String artifactId) {
    for (Pom pom : reactor) {
      if (artifactId.equals(pom.artifactId())) {
        return pom;
      }
    }
    throw new AssertionError(artifactId + " is not in the reactor");
  }

  private static Element releaseOf(Pom pom) {
    for (Element profile : children(child(pom.project(), "profiles"), "profile")) {
      if ("release".equals(text(profile, "id"))) {
        return profile;
      }
    }
    return null;
  }

  private static Element plugin(Element profile, String artifactId) {
    for (Element plugin : children(child(child(profile, "build"), "plugins"), "plugin")) {
      if (artifactId.equals(text(plugin, "artifactId"))) {
        return plugin;
      }
    }
    return null;
  }

  /** A ${property} of the parent resolved, or the text as it is. */
  private static String resolve(Pom parent, String value) {
    if (value != null && value.startsWith("${") && value.endsWith("}")) {
      return text(child(parent.project(), "properties"), value.substring(2, value.length() - 1));
    }
    return value;
  }

  /** The first of the chain that has the element: a child's replaces its parent's whole. */
  private static Element first(List<Pom> chain, String name) {
    for (Pom pom : chain) {
      Element e = child(pom.project(), name);
      if (e != null) {
        return e;
      }
    }
    return null;
  }

  /** groupId and version may also come from a pom's parent element. */
  private static String inherited(List<Pom> chain, String name, boolean orParentElement) {
    Element e = first(chain, name);
    if (e != null) {
      return e.getTextContent().trim();
    }
    return orParentElement ? text(child(chain.get(0).project(), "parent"), name) : null;
  }

  private static void require(List<String> missing, String id, String what, String value) {
    if (value == null || value.isBlank()) {
      missing.add(id + ": " + what);
    }
  }

  /** An element's text with white space collapsed, to compare two poms' copies. */
  private static String flat(Element e) {
    return e == null ? "" : e.getTextContent().trim().replaceAll("\\s+", " ");
  }
}
