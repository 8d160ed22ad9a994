import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Prints the line and branch coverage of each package, and in all, from a JaCoCo XML
 * report: mvn verify runs it after the merged report is written (pom.xml). Run by the
 * JDK's source launcher, so it needs nothing but a JDK:
 * {@code java .ci/CoverageSummary.java target/site/jacoco/jacoco.xml}.
 */
public final class CoverageSummary {

	private CoverageSummary() {
	}

	public static void main(String[] args) throws Exception {
		Path report = Path.of(args.length > 0 ? args[0] : "target/site/jacoco/jacoco.xml");
		if (!Files.isRegularFile(report)) {
			System.out.println("[coverage] no report at " + report + " (no tests ran)");
			return;
		}
		DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
		// The report names a DTD that is not beside it: do not look for it.
		factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
		factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
		Element root = factory.newDocumentBuilder().parse(report.toFile()).getDocumentElement();
		Path html = report.getParent().resolve("index.html");
		Path here = Path.of("").toAbsolutePath();
		System.out.println("[coverage] " + String.format(Locale.ROOT, "%-26s %-22s %s", "package", "lines", "branches")
				+ "   (unit and integration tests; "
				+ (html.toAbsolutePath().startsWith(here) ? here.relativize(html.toAbsolutePath()) : html) + ")");
		Map<String, Element> packages = new TreeMap<>();
		for (Node child = root.getFirstChild(); child != null; child = child.getNextSibling()) {
			if (child instanceof Element element && element.getTagName().equals("package")) {
				packages.put(element.getAttribute("name").replace('/', '.'), element);
			}
		}
		packages.forEach(CoverageSummary::print);
		print("all", root);
	}

	private static void print(String name, Element node) {
		System.out.println("[coverage] "
				+ String.format(Locale.ROOT, "%-26s %-22s %s", name, ratio(node, "LINE"), ratio(node, "BRANCH")));
	}

	/** The node's own counter of this type (a direct child), as "93.1% (540/580)". */
	private static String ratio(Element node, String type) {
		for (Node child = node.getFirstChild(); child != null; child = child.getNextSibling()) {
			if (child instanceof Element counter && counter.getTagName().equals("counter")
					&& counter.getAttribute("type").equals(type)) {
				long missed = Long.parseLong(counter.getAttribute("missed"));
				long covered = Long.parseLong(counter.getAttribute("covered"));
				long total = missed + covered;
				return String.format(Locale.ROOT, "%5.1f%% (%d/%d)", 100.0 * covered / total, covered, total);
			}
		}
		return "    -";
	}

}
