package org.certwright.acme.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * certwright-bom has no parent (so that importing it manages nothing but Certwright), so nothing
 * but this test keeps it in step with the reactor: same version, and exactly the published modules.
 */
class BomTest {

    private static final Path PROJECT = DocumentationSnippetsTest.PROJECT;

    @Test
    void theBomManagesExactlyThePublishedModulesAtTheProjectsVersion() throws Exception {
        Document parent = parse(PROJECT.resolve("pom.xml"));
        String version = child(parent.getDocumentElement(), "version");
        Map<String, String> published = new TreeMap<>();
        for (String module : children(element(parent.getDocumentElement(), "modules"), "module")) {
            Path pom = PROJECT.resolve(module).resolve("pom.xml");
            String text = Files.readString(pom);
            if (!module.equals("certwright-bom") && !text.contains("<maven.deploy.skip>true</maven.deploy.skip>")) {
                published.put(child(parse(pom).getDocumentElement(), "artifactId"), version);
            }
        }

        Element bom = parse(PROJECT.resolve("certwright-bom/pom.xml")).getDocumentElement();
        Map<String, String> managed = new TreeMap<>();
        Element dependencies = (Element) ((Element) bom.getElementsByTagName("dependencyManagement").item(0))
                .getElementsByTagName("dependencies").item(0);
        for (Node n = dependencies.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element dependency && dependency.getTagName().equals("dependency")) {
                assertThat(child(dependency, "groupId")).isEqualTo("org.certwright");
                managed.put(child(dependency, "artifactId"), child(dependency, "version"));
            }
        }

        assertThat(child(bom, "version")).as("certwright-bom's version").isEqualTo(version);
        assertThat(managed).as("certwright-bom's managed modules and versions").isEqualTo(published);
    }

    private static Document parse(Path pom) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(pom.toFile());
    }

    private static String child(Element parent, String name) {
        return element(parent, name).getTextContent().strip();
    }

    private static Element element(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        throw new AssertionError("no <" + name + "> in <" + parent.getTagName() + ">");
    }

    private static List<String> children(Element parent, String name) {
        List<String> values = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                values.add(e.getTextContent().strip());
            }
        }
        return values;
    }
}
