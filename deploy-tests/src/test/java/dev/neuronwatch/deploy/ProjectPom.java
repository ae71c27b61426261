package dev.neuronwatch.deploy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * The root POM's version and modules, which the image tag and the docker build context must agree
 * with.
 *
 * <pre>{@code
 * ProjectPom pom = ProjectPom.read(RepoFiles.rootPom());
 * pom.version();  // 0.1.0-SNAPSHOT
 * }</pre>
 */
record ProjectPom(String version, List<String> modules) {

  static ProjectPom read(Path pom) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      Document document = factory.newDocumentBuilder().parse(pom.toFile());
      Element project = document.getDocumentElement();
      List<String> modules = new ArrayList<>();
      Element moduleList = child(project, "modules");
      if (moduleList != null) {
        for (Node n = moduleList.getFirstChild(); n != null; n = n.getNextSibling()) {
          if (n instanceof Element e && e.getTagName().equals("module")) {
            modules.add(e.getTextContent().trim());
          }
        }
      }
      return new ProjectPom(child(project, "version").getTextContent().trim(), modules);
    } catch (ParserConfigurationException | SAXException e) {
      throw new IllegalStateException("cannot parse " + pom, e);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Element child(Element parent, String name) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(name)) {
        return e;
      }
    }
    return null;
  }
}
