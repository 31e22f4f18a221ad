package ai.galileo.tracing.buildchecks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Reading poms as written (not Maven's effective model): elements by name, and the parent chain. */
final class Poms {
  private Poms() {}

  /** A pom of the reactor: its folder and its root element. */
  record Pom(Path dir, Element project) {
    String artifactId() {
      return text(project, "artifactId");
    }

    String packaging() {
      String p = text(project, "packaging");
      return p == null ? "jar" : p;
    }

    /** Not a test, example or benchmark: galileo.unpublished is not set to true. */
    boolean published() {
      return !"true".equals(text(child(project, "properties"), "galileo.unpublished"));
    }

    /** This pom, then its parent, and so on, as far as the parents are files of the reactor. */
    List<Pom> chain() throws Exception {
      List<Pom> chain = new ArrayList<>();
      Pom pom = this;
      while (pom != null) {
        chain.add(pom);
        Element parent = child(pom.project(), "parent");
        if (parent == null) {
          break;
        }
        String relative = text(parent, "relativePath");
        Path file = pom.dir().resolve(relative == null ? "../pom.xml" : relative).normalize();
        if (Files.isDirectory(file)) {
          file = file.resolve("pom.xml");
        }
        if (!Files.isRegularFile(file)) {
          break;
        }
        Pom next = new Pom(file.getParent(), parse(file));
        if (!text(parent, "artifactId").equals(next.artifactId())) {
          break;
        }
        pom = next;
      }
      return chain;
    }
  }

  /** The root pom and every module under it, depth first, in the order the modules are listed. */
  static List<Pom> reactor(Path root) throws Exception {
    List<Pom> poms = new ArrayList<>();
    collect(root, poms);
    return poms;
  }

  private static void collect(Path dir, List<Pom> poms) throws Exception {
    Pom pom = new Pom(dir, parse(dir.resolve("pom.xml")));
    poms.add(pom);
    for (Element m : children(child(pom.project(), "modules"), "module")) {
      collect(dir.resolve(m.getTextContent().trim()).normalize(), poms);
    }
  }

  static Element parse(Path pom) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory.newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
  }

  static Element child(Element parent, String name) {
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

  static List<Element> children(Element parent, String name) {
    List<Element> out = new ArrayList<>();
    if (parent == null) {
      return out;
    }
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element && name.equals(n.getNodeName())) {
        out.add((Element) n);
      }
    }
    return out;
  }

  /** The trimmed text of a child element, or null when there is none. */
  static String text(Element parent, String name) {
    Element e = child(parent, name);
    return e == null ? null : e.getTextContent().trim();
  }
}
