package dev.jita.aws;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/** The little XML the Query protocol needs: parse without DTDs or external entities, find children by name. */
public final class Xml {
    private static final DocumentBuilderFactory FACTORY = factory();

    private Xml() {
    }

    /** @throws IOException when the bytes are not well-formed XML */
    static Element parse(byte[] xml) throws IOException {
        try {
            DocumentBuilder builder = FACTORY.newDocumentBuilder();
            // Fail without printing "[Fatal Error]" to stderr as the default handler does.
            builder.setErrorHandler(new DefaultHandler());
            return builder.parse(new ByteArrayInputStream(xml)).getDocumentElement();
        } catch (SAXException | ParserConfigurationException e) {
            throw new IOException("not an XML document: " + e.getClass().getSimpleName(), e);
        }
    }

    /** The first child element of that (local) name. */
    public static Optional<Element> child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(localName(e))) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** Every child element of that (local) name, in document order. */
    public static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(localName(e))) {
                found.add(e);
            }
        }
        return found;
    }

    /** The text of the child of that name, or null when there is none. */
    public static String text(Element parent, String name) {
        return child(parent, name).map(Node::getTextContent).orElse(null);
    }

    private static String localName(Element e) {
        return e.getLocalName() != null ? e.getLocalName() : e.getTagName();
    }

    private static DocumentBuilderFactory factory() {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setExpandEntityReferences(false);
        factory.setXIncludeAware(false);
        try {
            // AWS never sends a DTD; refusing them rules out entity expansion and external fetches altogether.
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser refused secure processing", e);
        }
        return factory;
    }
}
