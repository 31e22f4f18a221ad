package ai.galileo.tracing.buildchecks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** Facts about the reactor that no single module can check for itself. */
class ReactorModulesTest {
  private static Path root;
  private static String version;
  private static final List<Module> modules = new ArrayList<>();

  record Module(Path dir, String artifactId, String packaging, boolean published, String jpmsName) {}

  @BeforeAll
  static void readReactor() throws Exception {
    root = Paths.get(System.getProperty("reactor.root")).toRealPath();
    version = System.getProperty("reactor.version");
    collect(root);
    assertThat(modules).as("modules found under %s", root).isNotEmpty();
  }

  private static void collect(Path dir) throws Exception {
    Element project = parse(dir.resolve("pom.xml"));
    String artifactId = text(project, "artifactId");
    String packaging = text(project, "packaging");
    packaging = packaging == null ? "jar" : packaging;
    Element props = child(project, "properties");
    boolean unpublished = props != null && "true".equals(text(props, "galileo.unpublished"));
    String jpms = props == null ? null : text(props, "galileo.module.name");
    modules.add(new Module(dir, artifactId, packaging, !unpublished, jpms));
    Element list = child(project, "modules");
    if (list != null) {
      for (Element m : children(list, "module")) {
        collect(dir.resolve(m.getTextContent().trim()).normalize());
      }
    }
  }

  @Test
  void theBomPinsEveryPublishedModule() throws Exception {
    Element bom = parse(root.resolve("bom/pom.xml"));
    List<String> pinned = new ArrayList<>();
    for (Element dep : children(child(child(bom, "dependencyManagement"), "dependencies"), "dependency")) {
      pinned.add(text(dep, "artifactId"));
      assertThat(text(dep, "groupId")).isEqualTo("ai.galileo.java");
    }
    List<String> published = new ArrayList<>();
    for (Module m : modules) {
      if (m.published() && "jar".equals(m.packaging())) {
        published.add(m.artifactId());
      }
    }
    assertThat(published).contains("galileo-api", "galileo-core");
    assertThat(pinned).as("galileo-bom must list every published module").containsAll(published);
    assertThat(published).as("galileo-bom must not list modules that are not published").containsAll(pinned);
  }

  @Test
  void theBomHasNoParentSoImportingItPullsInNothingElse() throws Exception {
    Element bom = parse(root.resolve("bom/pom.xml"));
    assertThat(child(bom, "parent")).isNull();
    assertThat(text(bom, "version")).isEqualTo(version);
  }

  @Test
  void everyPublishedJarHasAJpmsNameSourcesAndJavadoc() throws Exception {
    for (Module m : modules) {
      if (!m.published() || !"jar".equals(m.packaging())) {
        continue;
      }
      assertThat(m.jpmsName()).as("galileo.module.name of %s", m.artifactId()).isNotBlank();
      Path target = m.dir().resolve("target");
      String base = m.artifactId() + "-" + version;
      Path jar = target.resolve(base + ".jar");
      assertThat(jar).as("the jar of %s (is build-checks last in the module list?)", m.artifactId()).exists();
      try (JarFile jarFile = new JarFile(jar.toFile())) {
        assertThat(jarFile.getManifest().getMainAttributes().getValue("Automatic-Module-Name"))
            .as("Automatic-Module-Name of %s", m.artifactId())
            .isEqualTo(m.jpmsName());
      }
      assertThat(target.resolve(base + "-sources.jar")).exists();
      assertThat(target.resolve(base + "-javadoc.jar")).exists();
      assertThat(Files.exists(m.dir().resolve("README.md")))
          .as("%s has a README", m.artifactId()).isTrue();
    }
  }

  private static Element parse(Path pom) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document doc = factory.newDocumentBuilder().parse(pom.toFile());
    return doc.getDocumentElement();
  }

  private static Element child(Element parent, String name) {
    if (parent == null) {
      return null;
    }
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element && name.equals(n.getNodeName())) {
        return (Element) n;
      }
    }
    return null;
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> out = new ArrayList<>();
    if (parent == null) {
      return out;
    }
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      if (nodes.item(i) instanceof Element && name.equals(nodes.item(i).getNodeName())) {
        out.add((Element) nodes.item(i));
      }
    }
    return out;
  }

  private static String text(Element parent, String name) {
    Element e = child(parent, name);
    return e == null ? null : e.getTextContent().trim();
  }
}
