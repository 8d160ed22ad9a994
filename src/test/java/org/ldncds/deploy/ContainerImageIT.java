package org.ldncds.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The container image as Jib builds it in every {@code mvn verify}
 * ({@code target/jib-image-check.tar}, see pom.xml), read as a container runtime reads
 * it: the image configuration and the layers. The build machines reach no container
 * registry, so this image is built on an empty base instead of the JRE image the real one
 * ({@code mvn -Pimage package}) uses: everything ldn-cds puts in the image is checked,
 * the Java runtime of the base image is not. The Dockerfile, which no build machine can
 * build, is checked to say the same.
 */
class ContainerImageIT {

	private static final Path IMAGE = Path.of("target", "jib-image-check.tar");

	private static final ObjectMapper JSON = new ObjectMapper();

	private static JsonNode config;

	private static final Map<String, TarArchiveEntry> files = new HashMap<>();

	@BeforeAll
	static void readImage() throws IOException {
		assertThat(IMAGE).as("built by jib:buildTar in the package phase").exists();
		Map<String, byte[]> entries = new HashMap<>();
		try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(IMAGE))) {
			for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
				entries.put(entry.getName(), tar.readAllBytes());
			}
		}
		JsonNode manifest = JSON.readTree(entries.get("manifest.json")).get(0);
		config = JSON.readTree(entries.get(manifest.get("Config").asText())).get("config");
		for (JsonNode layer : manifest.get("Layers")) {
			readLayer(entries.get(layer.asText()));
		}
	}

	private static void readLayer(byte[] layer) throws IOException {
		try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(layer));
				TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
			for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
				files.put("/" + entry.getName().replaceFirst("^\\./", "").replaceFirst("/$", ""), entry);
			}
		}
	}

	@Test
	void runsAsTheUnprivilegedUser() {
		assertThat(config.path("User").asText()).isEqualTo("10001:10001");
	}

	@Test
	void startsTheServiceWithTheHeapSizedToTheContainer() {
		List<String> entrypoint = strings(config.path("Entrypoint"));

		assertThat(entrypoint.get(0)).isEqualTo("java");
		assertThat(entrypoint).contains("-XX:MaxRAMPercentage=60", "-XX:+ExitOnOutOfMemoryError")
			.endsWith("org.ldncds.LdnCdsApplication");
		assertThat(config.path("WorkingDir").asText()).isEqualTo("/app");
	}

	@Test
	void exposesTheServicePort() {
		assertThat(config.path("ExposedPorts").fieldNames()).toIterable().containsExactly("8080/tcp");
	}

	@Test
	void theUserCanWriteTheEmbeddedDatabaseFolder() {
		// The working directory is /app, and the default datasource is ./data/ldn-cds.
		assertThat(config.path("Volumes").fieldNames()).toIterable().containsExactly("/app/data");
		TarArchiveEntry data = files.get("/app/data");
		assertThat(data).as("/app/data in a layer").isNotNull();
		assertThat(data.isDirectory()).isTrue();
		boolean ownedByTheUser = data.getLongUserId() == 10001 && (data.getMode() & 0200) != 0;
		boolean writableByAll = (data.getMode() & 0002) != 0;
		assertThat(ownedByTheUser || writableByAll).as("mode %o, owner %d", data.getMode(), data.getLongUserId())
			.isTrue();
	}

	@Test
	void holdsTheServiceAndItsKnowledge() {
		assertThat(files).containsKeys("/app/classes/org/ldncds/LdnCdsApplication.class",
				"/app/resources/application.yaml", "/app/resources/rules/ldn/naltrexone.drl",
				"/app/resources/fhir-profiles/Library-ldn-evidence.json");
		assertThat(files.keySet()).anyMatch((name) -> name.matches("/app/libs/drools-engine-.*\\.jar"));
	}

	@Test
	void theDockerfileBuildsTheSameImage() throws IOException {
		String dockerfile = Files.readString(Path.of("Dockerfile"));
		String runtime = dockerfile.substring(dockerfile.lastIndexOf("\nFROM "));

		assertThat(runtime).contains("\nWORKDIR /app\n")
			.contains("RUN mkdir /app/data && chown 10001:10001 /app/data")
			.contains("\nUSER 10001:10001\n")
			.contains("\nEXPOSE 8080\n")
			.contains("ENTRYPOINT [\"java\", \"-XX:MaxRAMPercentage=60\", \"-XX:+ExitOnOutOfMemoryError\",");
		// The folder is made and handed over before
		// the user switch, and kept as a volume.
		assertThat(runtime.indexOf("chown 10001:10001 /app/data")).isLessThan(runtime.indexOf("\nUSER 10001"));
		assertThat(runtime).contains("VOLUME [\"/app/data\"]");
	}

	private static List<String> strings(JsonNode array) {
		List<String> strings = new ArrayList<>();
		array.forEach((element) -> strings.add(element.asText()));
		return strings;
	}

}
