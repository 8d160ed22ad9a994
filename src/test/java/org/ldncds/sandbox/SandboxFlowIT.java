package org.ldncds.sandbox;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ldncds.testing.CdsClient;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The walk-through in a real browser, with client authentication on as after
 * {@code mvn spring-boot:run}: the opioid patient's LDN order brings the critical card,
 * its suggestion is accepted; the fibromyalgia patient's first order brings the
 * suitability and titration cards, and the titration card is overridden with a reason;
 * the analytics page shows both answers. Screenshots of each state go to
 * target/screenshots/.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = SandboxFlowIT.SECURITY_ON_FRESH_DATABASE)
class SandboxFlowIT {

	/** Security as configured for a person running the service; an empty database. */
	static final String SECURITY_ON_FRESH_DATABASE = """
			ldn.security.enabled=true
			ldn.security.allow-http-fhir-server=false
			spring.datasource.url=jdbc:h2:mem:sandbox-browser;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1
			""";

	static final String OPIOID_RULE = "Naltrexone ordered for a patient taking an opioid is critical";

	static final String TITRATION_RULE = "A first LDN order starting above 1.5 mg suggests a low start and titration";

	private static Browser browser;

	private final List<Path> screenshots = new ArrayList<>();

	@LocalServerPort
	int port;

	@BeforeAll
	static void installed() {
		Browser.assumeInstalled();
	}

	@AfterAll
	static void close() {
		if (browser != null) {
			browser.close();
		}
	}

	@Test
	void opioidCardAcceptedAndSuitabilityCardOverriddenShowOnTheAnalyticsPage() throws Exception {
		browser = Browser.open(port, 1280, 800);
		openSandbox();
		pickPatient("opioid-user", "Dana Whitfield");
		assertThat(browser.visible(By.id("patient-details")).getText()).contains("oxycodone hydrochloride 5 MG",
				"Fibromyalgia");
		screenshots.add(browser.screenshot("01-opioid-patient"));

		order("4.5");
		WebElement critical = browser.visible(By.cssSelector("#cards .card--critical"));
		assertCriticalCard(critical);
		screenshots.add(browser.screenshot("02-opioid-critical-card"));

		WebElement remove = critical.findElement(By.cssSelector(".btn--suggestion"));
		assertThat(remove.getText()).containsIgnoringCase("naltrexone");
		browser.assertSeen(remove, "the suggestion button");
		remove.click();
		waitForStatus(critical, "stored 1");
		assertThat(critical.findElement(By.cssSelector(".card__status")).getText()).startsWith("Accepted")
			.contains("removed draft order MedicationRequest/sandbox-order-1", "received 1, stored 1");
		assertThat(browser.driver().findElement(By.id("draft-list")).getText()).isEqualTo("No draft orders.");
		browser.assertSeen(critical.findElement(By.cssSelector(".card__status")), "the accepted card's status");
		screenshots.add(browser.screenshot("03-critical-suggestion-accepted"));

		pickPatient("fibromyalgia", "Priya Raman");
		order("4.5");
		WebElement suitability = cardWithSummary("Off-label LDN for Fibromyalgia");
		WebElement titration = cardWithSummary("First LDN order starts at 4.5 mg");
		assertThat(suitability.getAttribute("class")).contains("card--info");
		assertThat(titration.getAttribute("class")).contains("card--info");
		assertThat(browser.driver().findElements(By.cssSelector("#cards .card--critical"))).isEmpty();
		browser.assertSeen(suitability, "the suitability card");
		screenshots.add(browser.screenshot("04-fibromyalgia-info-cards"));

		// The titration card: overridden with a reason it offers.
		Select reasons = new Select(titration.findElement(By.cssSelector("select.override-reason")));
		List<String> offered = reasons.getOptions().stream().map(WebElement::getText).toList();
		assertThat(offered).contains("The dose is intended");
		String reason = "The dose is intended";
		reasons.selectByVisibleText(reason);
		titration.findElement(By.cssSelector("input.override-comment")).sendKeys("Tolerated 4.5 mg before");
		WebElement override = titration.findElement(By.cssSelector(".btn--override"));
		browser.assertSeen(override, "the override button");
		override.click();
		waitForStatus(titration, "stored 1");
		assertThat(titration.findElement(By.cssSelector(".card__status")).getText())
			.startsWith("Overridden with the reason “" + reason + "”")
			.contains("received 1, stored 1");
		browser.assertSeen(titration.findElement(By.cssSelector(".card__status")), "the overridden card's status");
		screenshots.add(browser.screenshot("05-titration-card-overridden"));

		browser.get("/analytics");
		browser.waiting()
			.until(ExpectedConditions.attributeToBeNotEmpty(browser.driver().findElement(By.tagName("body")),
					"data-loaded"));
		JsonNode api = analyticsApi();
		WebElement opioidRow = ruleRow(OPIOID_RULE);
		browser.assertSeen(opioidRow, "the opioid rule's row");
		assertThat(cell(opioidRow, "accepted")).isGreaterThanOrEqualTo(1)
			.isEqualTo(apiRow(api, OPIOID_RULE).path("accepted").asInt());
		assertThat(cell(opioidRow, "shown")).isGreaterThanOrEqualTo(1)
			.isEqualTo(apiRow(api, OPIOID_RULE).path("shown").asInt());
		WebElement titrationRow = ruleRow(TITRATION_RULE);
		assertThat(cell(titrationRow, "overridden")).isGreaterThanOrEqualTo(1)
			.isEqualTo(apiRow(api, TITRATION_RULE).path("overridden").asInt());
		assertThat(titrationRow.findElement(By.cssSelector(".reasons")).getText()).contains(reason + " (");
		for (String chart : List.of("chart-rules", "chart-reasons", "chart-trend")) {
			WebElement canvas = browser.driver().findElement(By.id(chart));
			browser.assertSeen(canvas, chart);
			assertThat(browser.script("return !!Chart.getChart(arguments[0]) && arguments[0].width > 100;", canvas))
				.as("%s drawn", chart)
				.isEqualTo(true);
		}
		browser.scrollTo(browser.driver().findElement(By.tagName("h1")));
		screenshots.add(browser.screenshot("06-analytics-charts"));
		browser.scrollTo(opioidRow);
		screenshots.add(browser.screenshot("07-analytics-table"));

		assertThat(browser.consoleErrors()).as("console errors").isEmpty();
		assertThat(screenshots).allSatisfy((file) -> assertThat(Files.size(file)).isGreaterThan(15_000));
	}

	private void openSandbox() {
		browser.get("/");
		browser.waiting().until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
	}

	private void pickPatient(String id, String name) {
		new Select(browser.driver().findElement(By.id("patient-select"))).selectByValue(id);
		browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("patient-details"), name));
	}

	/** Orders naltrexone at the dose, once a day at bedtime, and waits for the answer. */
	private void order(String dose) {
		new Select(browser.driver().findElement(By.id("order-product"))).selectByValue("naltrexone");
		WebElement doseField = browser.driver().findElement(By.id("order-dose"));
		doseField.clear();
		doseField.sendKeys(dose);
		new Select(browser.driver().findElement(By.id("order-frequency"))).selectByValue("1");
		new Select(browser.driver().findElement(By.id("order-when"))).selectByValue("HS");
		browser.driver().findElement(By.id("select-order")).click();
		browser.waiting()
			.until(ExpectedConditions.textToBePresentInElementLocated(By.id("call-status"), "answered with"));
	}

	private void assertCriticalCard(WebElement card) {
		browser.assertSeen(card, "the critical card");
		assertThat(card.findElement(By.cssSelector(".card__indicator")).getText()).isEqualToIgnoringCase("critical");
		assertThat(card.findElement(By.cssSelector(".card__summary")).getText())
			.startsWith("Naltrexone with an opioid (oxycodone hydrochloride 5 MG Oral Tablet)");
		// Red: the critical colour of the left border and the indicator badge.
		assertThat(card.getCssValue("border-left-color")).isEqualTo("rgba(164, 22, 26, 1)");
		assertThat(card.findElement(By.cssSelector(".card__indicator")).getCssValue("background-color"))
			.isEqualTo("rgba(164, 22, 26, 1)");
		assertThat(card.findElement(By.cssSelector(".card__indicator svg")).isDisplayed()).isTrue();
		// The markdown detail is rendered to HTML, not shown as text.
		WebElement detail = card.findElement(By.cssSelector(".card__detail"));
		assertThat(detail.findElements(By.cssSelector("p, li"))).isNotEmpty();
		assertThat(detail.getText()).doesNotContain("**");
		WebElement source = card.findElement(By.cssSelector(".card__source a"));
		assertThat(source.getAttribute("href")).startsWith("https://");
		assertThat(source.getAttribute("target")).isEqualTo("_blank");
		assertThat(source.getAttribute("rel")).contains("noopener");
		List<String> reasons = new Select(card.findElement(By.cssSelector("select.override-reason"))).getOptions()
			.stream()
			.map(WebElement::getText)
			.toList();
		assertThat(reasons).contains("Opioid already stopped; patient is past the opioid-free interval",
				"Benefit outweighs risk; the patient is informed");
		assertThat(browser.driver().findElement(By.id("exchanges")).getText()).contains("HTTP 200",
				"POST /cds-services/ldn-order-select");
	}

	private WebElement cardWithSummary(String start) {
		return browser.waiting()
			.until((driver) -> driver.findElements(By.cssSelector("#cards .card"))
				.stream()
				.filter((card) -> card.findElement(By.cssSelector(".card__summary")).getText().startsWith(start))
				.findFirst()
				.orElse(null));
	}

	private void waitForStatus(WebElement card, String text) {
		browser.waiting()
			.until(ExpectedConditions.textToBePresentInElement(card.findElement(By.cssSelector(".card__status")),
					text));
	}

	private WebElement ruleRow(String rule) {
		return browser.driver()
			.findElements(By.cssSelector("#rules-body tr"))
			.stream()
			.filter((row) -> rule.equals(row.getAttribute("data-rule")))
			.findFirst()
			.orElseThrow(() -> new AssertionError(
					"no row for " + rule + " in " + browser.driver().findElement(By.id("rules-table")).getText()));
	}

	private static int cell(WebElement row, String column) {
		return Integer.parseInt(row.findElement(By.cssSelector("td." + column)).getText().strip());
	}

	/** The same figures, from the API the page reads, asked from this machine. */
	private JsonNode analyticsApi() {
		return CdsClient.parse(new CdsClient(URI.create(browser.base())).get("/analytics/rules").body());
	}

	private static JsonNode apiRow(JsonNode api, String rule) {
		for (JsonNode row : api.path("rules")) {
			if (rule.equals(row.path("rule").asText())) {
				return row;
			}
		}
		throw new AssertionError("no " + rule + " in " + api);
	}

}
