package org.ldncds.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

/**
 * Builds a kustomization the way {@code kustomize build} (and {@code kubectl apply -k})
 * does, for the features deploy/kubernetes uses: {@code resources} (files and other
 * kustomizations), {@code namespace}, and {@code patches} of JSON 6902 operations
 * ({@code add}, {@code replace}, {@code remove}) aimed by kind and name. Any other
 * kustomization field or patch operation is refused, so that a manifest change this
 * builder would not apply faithfully fails the tests instead of passing unchecked. There
 * is no kustomize binary on the build machines.
 */
final class Kustomize {

	private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

	private static final Set<String> SUPPORTED_FIELDS = Set.of("apiVersion", "kind", "namespace", "resources",
			"patches");

	/** Kinds that have no namespace. */
	private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
			"CustomResourceDefinition", "PersistentVolume", "StorageClass");

	private Kustomize() {
	}

	/** The objects the kustomization in this folder builds, in order. */
	static List<ObjectNode> build(Path folder) {
		JsonNode kustomization = read(folder.resolve("kustomization.yaml")).get(0);
		kustomization.fieldNames().forEachRemaining((field) -> {
			if (!SUPPORTED_FIELDS.contains(field)) {
				throw new IllegalArgumentException(folder + "/kustomization.yaml: field '" + field
						+ "' is not supported by this test's kustomize; extend Kustomize to apply it");
			}
		});
		List<ObjectNode> objects = new ArrayList<>();
		for (JsonNode resource : kustomization.path("resources")) {
			Path path = folder.resolve(resource.asText()).normalize();
			if (Files.isDirectory(path)) {
				objects.addAll(build(path));
			}
			else {
				read(path).forEach((object) -> objects.add((ObjectNode) object));
			}
		}
		for (JsonNode patch : kustomization.path("patches")) {
			applyPatch(objects, folder.resolve(patch.path("path").asText()), patch.path("target"));
		}
		if (kustomization.hasNonNull("namespace")) {
			String namespace = kustomization.get("namespace").asText();
			objects.stream()
				.filter((object) -> !CLUSTER_SCOPED.contains(object.path("kind").asText()))
				.forEach((object) -> ((ObjectNode) object.get("metadata")).put("namespace", namespace));
		}
		return objects;
	}

	private static void applyPatch(List<ObjectNode> objects, Path patchFile, JsonNode target) {
		List<ObjectNode> targets = objects.stream()
			.filter((object) -> object.path("kind").asText().equals(target.path("kind").asText())
					&& object.path("metadata").path("name").asText().equals(target.path("name").asText()))
			.toList();
		if (targets.size() != 1) {
			throw new IllegalArgumentException(
					patchFile + ": target " + target + " matches " + targets.size() + " objects, not exactly one");
		}
		for (JsonNode operation : read(patchFile).get(0)) {
			apply(targets.get(0), operation, patchFile);
		}
	}

	/** One JSON Patch (RFC 6902) operation. */
	private static void apply(ObjectNode document, JsonNode operation, Path patchFile) {
		String op = operation.path("op").asText();
		String path = operation.path("path").asText();
		int lastSlash = path.lastIndexOf('/');
		JsonNode parent = document.at(path.substring(0, lastSlash));
		String key = path.substring(lastSlash + 1).replace("~1", "/").replace("~0", "~");
		if (parent.isMissingNode()) {
			throw new IllegalArgumentException(patchFile + ": " + op + " " + path + ": no such parent");
		}
		switch (op) {
			case "add" -> add(parent, key, operation.get("value"), path, patchFile);
			case "replace" -> {
				remove(parent, key, path, patchFile);
				add(parent, key, operation.get("value"), path, patchFile);
			}
			case "remove" -> remove(parent, key, path, patchFile);
			default -> throw new IllegalArgumentException(patchFile + ": operation '" + op + "' not supported");
		}
	}

	private static void add(JsonNode parent, String key, JsonNode value, String path, Path patchFile) {
		if (parent instanceof ObjectNode object) {
			object.set(key, value.deepCopy());
		}
		else if (parent instanceof ArrayNode array) {
			if (key.equals("-")) {
				array.add(value.deepCopy());
			}
			else {
				array.insert(index(array, key, true, path, patchFile), value.deepCopy());
			}
		}
		else {
			throw new IllegalArgumentException(patchFile + ": " + path + ": parent is not an object or array");
		}
	}

	private static void remove(JsonNode parent, String key, String path, Path patchFile) {
		if (parent instanceof ObjectNode object && object.has(key)) {
			object.remove(key);
		}
		else if (parent instanceof ArrayNode array) {
			array.remove(index(array, key, false, path, patchFile));
		}
		else {
			throw new IllegalArgumentException(patchFile + ": " + path + ": nothing there");
		}
	}

	private static int index(ArrayNode array, String key, boolean mayAppend, String path, Path patchFile) {
		int index = Integer.parseInt(key);
		int limit = mayAppend ? array.size() : array.size() - 1;
		if (index < 0 || index > limit) {
			throw new IllegalArgumentException(patchFile + ": " + path + ": index out of range");
		}
		return index;
	}

	/** Every YAML document in a file. */
	static List<JsonNode> read(Path file) {
		try (YAMLParser parser = new YAMLFactory().createParser(file.toFile())) {
			List<JsonNode> documents = new ArrayList<>();
			Iterator<JsonNode> iterator = YAML.readValues(parser, JsonNode.class);
			iterator.forEachRemaining((document) -> {
				if (document != null && !document.isNull() && !document.isMissingNode()) {
					documents.add(document);
				}
			});
			return documents;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + file, ex);
		}
	}

}
