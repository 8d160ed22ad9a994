package org.ldncds.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Debian's headless Chromium driven through Debian's chromedriver, as a person at a
 * clinic screen would use the pages. Nothing is downloaded: the driver and the browser
 * are the installed ones ({@code apt-get install chromium chromium-driver}), named
 * explicitly so that Selenium Manager is never asked for either.
 */
final class Browser implements AutoCloseable {

	static final Path CHROMIUM = Path.of(System.getProperty("ldn.test.chromium", "/usr/bin/chromium"));

	static final Path CHROMEDRIVER = Path.of(System.getProperty("ldn.test.chromedriver", "/usr/bin/chromedriver"));

	static final Path SCREENSHOTS = Path.of("target", "screenshots");

	private static final Duration WAIT = Duration.ofSeconds(20);

	private final ChromeDriver driver;

	private final ChromeDriverService service;

	private final Path profile;

	private final String base;

	private Browser(ChromeDriver driver, ChromeDriverService service, Path profile, String base) {
		this.driver = driver;
		this.service = service;
		this.profile = profile;
		this.base = base;
	}

	/**
	 * Skips the calling tests, with the reason, when Chromium or its driver is missing.
	 */
	static void assumeInstalled() {
		assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
				"Browser tests skipped: " + CHROMIUM + " and " + CHROMEDRIVER
						+ " are needed (Debian: apt-get install -y chromium chromium-driver)");
	}

	/** A fresh browser (new profile) with a window of this size, for the service here. */
	static Browser open(int port, int width, int height) {
		// Selenium Manager would look for (and download) a driver when none is named.
		System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
		Path profile;
		try {
			profile = Files.createTempDirectory("ldn-cds-chromium-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
				"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-extensions", "--force-device-scale-factor=1", "--lang=en-GB",
				"--window-size=" + width + "," + height, "--user-data-dir=" + profile);
		LoggingPreferences logs = new LoggingPreferences();
		logs.enable(LogType.BROWSER, Level.ALL);
		options.setCapability("goog:loggingPrefs", logs);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		ChromeDriver driver = new ChromeDriver(service, options);
		driver.manage().timeouts().scriptTimeout(WAIT);
		Browser browser = new Browser(driver, service, profile, "http://localhost:" + port);
		browser.resizeViewport(width, height);
		return browser;
	}

	/** Sizes the window so that the page itself (the viewport) has this size. */
	void resizeViewport(int width, int height) {
		driver.manage().window().setSize(new Dimension(width, height));
		@SuppressWarnings("unchecked")
		Map<String, Object> inner = (Map<String, Object>) script(
				"return {width: window.innerWidth, height: window.innerHeight};");
		int extraWidth = width - (int) number(inner.get("width"));
		int extraHeight = height - (int) number(inner.get("height"));
		if (extraWidth != 0 || extraHeight != 0) {
			driver.manage().window().setSize(new Dimension(width + extraWidth, height + extraHeight));
		}
	}

	ChromeDriver driver() {
		return driver;
	}

	String base() {
		return base;
	}

	void get(String path) {
		driver.get(base + path);
	}

	WebDriverWait waiting() {
		return new WebDriverWait(driver, WAIT);
	}

	WebElement visible(By by) {
		return waiting().until(ExpectedConditions.visibilityOfElementLocated(by));
	}

	Object script(String script, Object... arguments) {
		return ((JavascriptExecutor) driver).executeScript(script, arguments);
	}

	/**
	 * Scrolls the element into the window: to the middle, or when it is taller than the
	 * window, its top to the top.
	 */
	WebElement scrollTo(WebElement element) {
		script("""
				const tall = arguments[0].getBoundingClientRect().height > window.innerHeight - 32;
				arguments[0].scrollIntoView({block: tall ? 'start' : 'center', inline: 'nearest'});
				if (tall) { window.scrollBy(0, -16); }""", element);
		return element;
	}

	/**
	 * Asserts that a person sees the element: displayed by the browser (not hidden, not
	 * zero-sized, not transparent) and, once scrolled to, inside the window.
	 */
	void assertSeen(WebElement element, String what) {
		scrollTo(element);
		assertThat(element.isDisplayed()).as("%s is displayed", what).isTrue();
		@SuppressWarnings("unchecked")
		Map<String, Object> box = (Map<String, Object>) script("""
				const r = arguments[0].getBoundingClientRect();
				const s = getComputedStyle(arguments[0]);
				return {top: r.top, left: r.left, bottom: r.bottom, right: r.right, width: r.width,
				  height: r.height, innerWidth: window.innerWidth, innerHeight: window.innerHeight,
				  visibility: s.visibility, opacity: s.opacity};""", element);
		double top = number(box.get("top"));
		double left = number(box.get("left"));
		double width = number(box.get("width"));
		double height = number(box.get("height"));
		assertThat(width).as("%s width", what).isGreaterThan(10);
		assertThat(height).as("%s height", what).isGreaterThan(10);
		assertThat(box.get("visibility")).as("%s visibility", what).isEqualTo("visible");
		assertThat(Double.parseDouble(box.get("opacity").toString())).as("%s opacity", what).isGreaterThan(0.5);
		// The element's top-left corner is in the window, and so is enough of it to read.
		assertThat(top).as("%s top within the window %s", what, box)
			.isBetween(0.0, number(box.get("innerHeight")) - 20);
		assertThat(left).as("%s left within the window %s", what, box)
			.isBetween(0.0, number(box.get("innerWidth")) - 20);
		assertThat(number(box.get("right"))).as("%s right edge within the window %s", what, box)
			.isLessThanOrEqualTo(number(box.get("innerWidth")) + 1);
	}

	private static double number(Object value) {
		return ((Number) value).doubleValue();
	}

	/**
	 * Saves a screenshot of the window under target/screenshots/ and checks that it is a
	 * real picture: a PNG of some size.
	 */
	Path screenshot(String name) {
		byte[] png = driver.getScreenshotAs(OutputType.BYTES);
		Path file = SCREENSHOTS.resolve(name + ".png");
		try {
			Files.createDirectories(SCREENSHOTS);
			Files.write(file, png);
			byte[] head = new byte[8];
			System.arraycopy(Files.readAllBytes(file), 0, head, 0, 8);
			assertThat(head).as("PNG signature of %s", file)
				.containsExactly(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A);
			assertThat(Files.size(file)).as("size of %s", file).isGreaterThan(15_000);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return file;
	}

	/** What the pages wrote to the console at level SEVERE (errors, CSP violations). */
	List<String> consoleErrors() {
		return driver.manage()
			.logs()
			.get(LogType.BROWSER)
			.getAll()
			.stream()
			.filter((entry) -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
			.map(LogEntry::getMessage)
			.toList();
	}

	/** Every resource the current page loaded, by URL (from the Resource Timing API). */
	@SuppressWarnings("unchecked")
	List<String> loadedResources() {
		return (List<String>) script("return performance.getEntriesByType('resource').map((entry) => entry.name)"
				+ ".concat([location.href]);");
	}

	@Override
	public void close() {
		try {
			driver.quit();
		}
		finally {
			service.stop();
			deleteProfile();
		}
	}

	private void deleteProfile() {
		try (Stream<Path> files = Files.walk(profile)) {
			files.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			// A profile left in the temporary folder harms nothing.
		}
	}

}
