package io.jtop.testing;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * The test cases of JUnit's legacy XML reports ({@code TEST-*.xml}, as the console launcher and
 * surefire write them), read back on the host from the v2 guest's results.
 */
public final class GuestReports {

    private GuestReports() {
    }

    /** How one test case ended. */
    public enum Outcome { PASSED, FAILED, SKIPPED }

    /**
     * One test case.
     *
     * @param className fully qualified
     * @param name      the method and its parameters, e.g. {@code demoMemIsOomKilled()}
     * @param message   the failure's or skip's message, "" when it passed
     * @param detail    the failure's stack trace as the guest printed it, or ""
     * @param run       which run of the guest's suite this case comes from (1, or 2 after an emulation fault)
     */
    public record Case(String className, String name, Outcome outcome, String message, String detail, int run) {
        /** {@code DemoV2IT.demoMemIsOomKilled()}. */
        public String shortName() {
            return className.substring(className.lastIndexOf('.') + 1) + "." + name;
        }
    }

    /** The cases of one report's text; {@code run} is recorded in each. */
    public static List<Case> parse(String xml, int run) {
        Element root;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            root = b.parse(new InputSource(new StringReader(xml))).getDocumentElement();
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new IllegalArgumentException("not a JUnit XML report: " + e.getMessage(), e);
        }
        List<Case> cases = new ArrayList<>();
        NodeList list = root.getElementsByTagName("testcase");
        for (int i = 0; i < list.getLength(); i++) {
            Element tc = (Element) list.item(i);
            Element bad = first(tc, "failure");
            if (bad == null) {
                bad = first(tc, "error");
            }
            Element skipped = first(tc, "skipped");
            Outcome o = bad != null ? Outcome.FAILED : skipped != null ? Outcome.SKIPPED : Outcome.PASSED;
            Element why = bad != null ? bad : skipped;
            String message = why == null ? "" : why.getAttribute("message");
            String detail = why == null ? "" : why.getTextContent().strip();
            if (message.isEmpty() && skipped != null) {
                message = detail;
            }
            cases.add(new Case(tc.getAttribute("classname"), tc.getAttribute("name"), o, message, detail, run));
        }
        return cases;
    }

    /** The cases of every {@code TEST-*.xml} in {@code dir}; none when it has no report. */
    public static List<Case> read(Path dir, int run) throws IOException {
        List<Case> cases = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return cases;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(GuestReports::isReport).sorted().toList()) {
                try {
                    cases.addAll(parse(Files.readString(p), run));
                } catch (IllegalArgumentException e) {
                    throw new IOException(p + ": " + e.getMessage(), e);
                }
            }
        }
        return cases;
    }

    /** Whether {@code dir} holds a report at all (a launcher that died leaves none). */
    public static boolean hasReport(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(GuestReports::isReport);
        }
    }

    /** The first run's cases, those of each class the second run ran again replaced by its. */
    public static List<Case> merge(List<Case> first, List<Case> second) {
        Set<String> rerun = new LinkedHashSet<>();
        second.forEach(c -> rerun.add(c.className()));
        List<Case> out = new ArrayList<>();
        for (Case c : first) {
            if (!rerun.contains(c.className())) {
                out.add(c);
            }
        }
        out.addAll(second);
        return out;
    }

    private static boolean isReport(Path p) {
        String n = p.getFileName().toString();
        return n.startsWith("TEST-") && n.endsWith(".xml");
    }

    private static Element first(Element parent, String tag) {
        NodeList l = parent.getElementsByTagName(tag);
        return l.getLength() == 0 ? null : (Element) l.item(0);
    }
}
