package org.ldncds.sandbox;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox used with the keyboard alone, its answer to a refused call, its fit on
 * clinic screens, and its independence from any other host.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = SandboxFlowIT.SECURITY_ON_FRESH_DATABASE)
class SandboxUsabilityIT {

	@LocalServerPort
	int port;

	private Browser browser;

	@BeforeAll
	static void installed() {
		Browser.assumeInstalled();
	}

	@AfterEach
	void close() {
		if (browser != null) {
			browser.close();
		}
	}

	@Test
	void aKeyboardAloneOrdersLdnForTheOpioidPatientAndAcceptsTheSuggestion() {
		browser = Browser.open(port, 1280, 800);
		openSandbox();

		tabUntil((focused) -> "patient-select".equals(focused.getAttribute("id")), 10, "the patient list");
		keys(Keys.ARROW_DOWN);
		browser.waiting()
			.until(ExpectedConditions.textToBePresentInElementLocated(By.id("patient-details"), "Dana Whitfield"));
		assertThat(new Select(browser.driver().findElement(By.id("patient-select"))).getFirstSelectedOption()
			.getAttribute("value")).isEqualTo("opioid-user");

		WebElement order = tabUntil((focused) -> "select-order".equals(focused.getAttribute("id")), 10,
				"the Select order button");
		assertThat(order.getCssValue("outline-style")).as("focus outline of the focused button").isEqualTo("solid");
		assertThat(order.getCssValue("outline-width")).isEqualTo("3px");
		browser.screenshot("08-keyboard-focus-on-select-order");
		keys(Keys.ENTER);

		WebElement critical = browser.visible(By.cssSelector("#cards .card--critical"));
		browser.assertSeen(critical, "the critical card");
		WebElement suggestion = tabUntil((focused) -> focused.getAttribute("class").contains("btn--suggestion"), 40,
				"the critical card's suggestion");
		keys(Keys.ENTER);
		browser.waiting()
			.until(ExpectedConditions.textToBePresentInElement(critical.findElement(By.cssSelector(".card__status")),
					"received 1, stored 1"));
		assertThat(suggestion.isEnabled()).as("the suggestion can be accepted only once").isFalse();
		assertThat(browser.driver().findElement(By.id("draft-list")).getText()).isEqualTo("No draft orders.");
	}

	@Test
	void aRefusedCallShowsTheServicesErrorInAnAlertPanel() {
		browser = Browser.open(port, 1280, 800);
		openSandbox();
		new Select(browser.driver().findElement(By.id("patient-select"))).selectByValue("fibromyalgia");
		browser.waiting()
			.until(ExpectedConditions.textToBePresentInElementLocated(By.id("patient-details"), "Priya Raman"));

		// A dose that is not a number is refused on the form, before any call.
		WebElement dose = browser.driver().findElement(By.id("order-dose"));
		dose.clear();
		dose.sendKeys("four");
		browser.driver().findElement(By.id("select-order")).click();
		WebElement doseError = browser.visible(By.id("order-dose-error"));
		assertThat(doseError.getText()).contains("number");
		assertThat(dose.getAttribute("aria-invalid")).isEqualTo("true");
		assertThat(browser.driver().findElements(By.cssSelector("#exchanges li"))).isEmpty();

		dose.clear();
		dose.sendKeys("1.5");
		browser.driver().findElement(By.id("select-order")).click();
		browser.waiting()
			.until(ExpectedConditions.textToBePresentInElementLocated(By.id("call-status"), "answered with"));

		// The last request, edited in the raw editor to lack context.patientId, and sent.
		browser.driver().findElement(By.cssSelector("#raw-editor > summary")).click();
		WebElement raw = browser.visible(By.id("raw-request"));
		browser.script("""
				const request = JSON.parse(arguments[0].value);
				delete request.context.patientId;
				arguments[0].value = JSON.stringify(request, null, 2);""", raw);
		assertThat(new Select(browser.driver().findElement(By.id("raw-service"))).getFirstSelectedOption()
			.getAttribute("value")).isEqualTo("ldn-order-select");
		browser.driver().findElement(By.id("raw-send")).click();

		WebElement error = browser.visible(By.id("error-panel"));
		browser.assertSeen(error, "the error panel");
		assertThat(error.getAttribute("role")).isEqualTo("alert");
		assertThat(error.getText()).contains("ldn-order-select refused the call: HTTP 400 invalid_request",
				"context.patientId is required for order-select");
		assertThat(browser.driver().findElements(By.cssSelector("#cards .card"))).isEmpty();
		assertThat(browser.driver().findElement(By.cssSelector("#exchanges li")).getAttribute("data-status"))
			.isEqualTo("400");
		browser.screenshot("09-error-panel-400");
	}

	@Test
	void fitsA1920By1080ClinicScreenWithReadableText() {
		browser = Browser.open(port, 1920, 1080);
		openSandbox();
		assertThat(pixels(browser.script("return getComputedStyle(document.body).fontSize;")))
			.as("base font size on a 1920-wide screen")
			.isGreaterThanOrEqualTo(16);
		new Select(browser.driver().findElement(By.id("patient-select"))).selectByValue("opioid-user");
		browser.waiting()
			.until(ExpectedConditions.textToBePresentInElementLocated(By.id("patient-details"), "Dana Whitfield"));
		browser.driver().findElement(By.id("select-order")).click();
		WebElement critical = browser.visible(By.cssSelector("#cards .card--critical"));
		browser.assertSeen(critical.findElement(By.cssSelector(".card__summary")), "the critical card's summary");
		browser.assertSeen(critical.findElement(By.cssSelector(".btn--suggestion")), "the suggestion");
		assertThat(pixels(critical.findElement(By.cssSelector(".card__summary")).getCssValue("font-size")))
			.isGreaterThanOrEqualTo(18);
		assertNoSidewaysScrolling("at 1920 by 1080");
		browser.script("window.scrollTo(0, 0);");
		browser.screenshot("10-sandbox-1920x1080");

		browser.resizeViewport(1280, 800);
		assertThat(pixels(browser.script("return getComputedStyle(document.body).fontSize;")))
			.as("base font size on a 1280-wide screen")
			.isGreaterThanOrEqualTo(16);
		assertNoSidewaysScrolling("at 1280 by 800");
	}

	@Test
	void thePagesLoadNothingFromAnotherHostAndLogNoErrors() {
		browser = Browser.open(port, 1280, 800);
		openSandbox();
		new Select(browser.driver().findElement(By.id("patient-select"))).selectByValue("hashimoto");
		browser.waiting()
			.until(ExpectedConditions.textToBePresentInElementLocated(By.id("patient-details"), "Maren Olsen"));
		browser.driver().findElement(By.id("select-order")).click();
		browser.visible(By.cssSelector("#cards .card"));
		List<String> sandbox = browser.loadedResources();
		browser.get("/analytics");
		browser.waiting()
			.until(ExpectedConditions.attributeToBeNotEmpty(browser.driver().findElement(By.tagName("body")),
					"data-loaded"));
		List<String> analytics = browser.loadedResources();

		assertThat(sandbox).as("what the sandbox loaded")
			.anyMatch((url) -> url.contains("/webjars/marked/"))
			.anyMatch((url) -> url.contains("/webjars/dompurify/"))
			.allMatch((url) -> url.startsWith(browser.base() + "/"));
		assertThat(analytics).as("what the analytics page loaded")
			.anyMatch((url) -> url.contains("/webjars/chart.js/"))
			.allMatch((url) -> url.startsWith(browser.base() + "/"));
		assertThat((Long) browser.script("return document.fonts.size;")).as("web fonts").isZero();
		assertThat(browser.consoleErrors()).as("console errors, CSP violations included").isEmpty();
		// The console is really read: an error written now is seen.
		browser.script("console.error('probe of the console log');");
		assertThat(browser.consoleErrors()).anyMatch((message) -> message.contains("probe of the console log"));
	}

	@Test
	void anOpioidOrderedForAPatientOnLdnIsCriticalAtSelectionAndAtSigning() {
		browser = Browser.open(port, 1280, 800);
		openSandbox();
		new Select(browser.driver().findElement(By.id("patient-select"))).selectByValue("on-ldn");
		browser.waiting()
			.until(ExpectedConditions.textToBePresentInElementLocated(By.id("patient-details"), "Grace Mensah"));
		assertThat(browser.driver().findElement(By.id("patient-details")).getText())
			.contains("Naltrexone 4.5 mg capsule (compounded)");
		assertThat(new Select(browser.driver().findElement(By.id("order-product"))).getFirstSelectedOption()
			.getAttribute("value")).isEqualTo("tramadol");

		browser.driver().findElement(By.id("select-order")).click();
		WebElement selected = browser.visible(By.cssSelector("#cards .card--critical"));
		assertThat(selected.findElement(By.cssSelector(".card__summary")).getText())
			.startsWith("Opioid (tramadol hydrochloride 50 MG Oral Tablet) for a patient on naltrexone");

		WebElement sign = browser.driver().findElement(By.id("sign-orders"));
		browser.scrollTo(sign);
		assertThat(sign.isEnabled()).isTrue();
		sign.click();
		browser.waiting()
			.until(ExpectedConditions.textToBePresentInElementLocated(By.id("call-status"), "ldn-order-sign answered"));
		WebElement signed = browser.visible(By.cssSelector("#cards .card--critical"));
		browser.assertSeen(signed, "the critical card at signing");
		assertThat(signed.findElement(By.cssSelector(".card__summary")).getText()).startsWith("Opioid (tramadol");

		WebElement exchange = browser.driver().findElement(By.cssSelector("#exchanges li"));
		assertThat(exchange.getText()).contains("HTTP 200 POST /cds-services/ldn-order-sign");
		WebElement request = exchange.findElement(By.cssSelector(".exchange__request"));
		request.findElement(By.tagName("summary")).click();
		String json = request.findElement(By.cssSelector("pre")).getText();
		assertThat(json).contains("\"hook\": \"order-sign\"", "\"draftOrders\"", "\"prefetch\"",
				"\"patientId\": \"sandbox-on-ldn\"");
		assertThat(request.getText()).contains("Authorization: Bearer <JWT, iss urn:ldn-cds:demo-client, aud "
				+ browser.base() + "/cds-services/ldn-order-sign");
		browser.assertSeen(request.findElement(By.cssSelector("pre")), "the request JSON");
		assertNoSidewaysScrolling("with the request JSON open");
		browser.screenshot("11-order-sign-request-json");
	}

	private void assertNoSidewaysScrolling(String when) {
		assertThat((Boolean) browser
			.script("return document.documentElement.scrollWidth <= document.documentElement.clientWidth;"))
			.as("no sideways scrolling %s", when)
			.isTrue();
	}

	private void openSandbox() {
		browser.get("/");
		browser.waiting().until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
	}

	private void keys(CharSequence keys) {
		new Actions(browser.driver()).sendKeys(keys).perform();
	}

	/** Presses Tab until the focused element is the one wanted, at most so many times. */
	private WebElement tabUntil(java.util.function.Predicate<WebElement> wanted, int atMost, String what) {
		for (int i = 0; i < atMost; i++) {
			keys(Keys.TAB);
			WebElement focused = browser.driver().switchTo().activeElement();
			if (wanted.test(focused)) {
				return focused;
			}
		}
		throw new AssertionError(what + " not reached with " + atMost + " presses of Tab");
	}

	private static double pixels(Object cssLength) {
		return Double.parseDouble(cssLength.toString().replace("px", ""));
	}

}
