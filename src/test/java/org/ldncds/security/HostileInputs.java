package org.ldncds.security;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generators of hostile request bodies for the fuzz test: mutations of a valid call
 * (nodes deleted, duplicated, replaced by values of the wrong type, huge numbers, deep
 * nesting, odd unicode and control characters; then bytes truncated, flipped or
 * inserted), random JSON, and random calls shaped like CDS Hooks requests. Every value is
 * rebuilt from its description, so that jqwik can report and shrink it.
 */
final class HostileInputs {

	static final ObjectMapper JSON = new ObjectMapper();

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	/** Nothing listens there: a fetch is refused at once, whatever the body asks. */
	static final String UNREACHABLE_FHIR_SERVER = "http://127.0.0.1:1/fhir";

	private static final List<String> NASTY_STRINGS = List.of("", " ", "null", "undefined", "0", "-1", "true",
			"../../../../etc/passwd", "Patient/../../x", "MedicationRequest/ldn-draft/../x", "%00", "%2e%2e%2f",
			"${jndi:ldap://127.0.0.1:1/a}", "#{7*7}", "{{7*7}}", "<script>alert(1)</script>",
			"'; drop table service_call;--", "\u0000", "\u0000\u0001\u001f\u007f", "\r\n\r\nHTTP/1.1 200 OK", "\uFEFF",
			"\u202Eevil", "\u200B\u200C\u200D", "😀👩‍⚕️💊", "\uD83D", "\uDE00", "Z̴̡̈́a̷̢͝l̸̨̈g̵̢͌o̶̡͊", "ﷺ", "İıſK",
			"\\", "\\u0000", "\"", "'", "2026-13-45", "9999-12-31T23:59:59Z", "-999999999-01-01", "0000-00-00", "P1D",
			"NaN", "Infinity", "-0", "1e309", "0x7fffffff", "order-select", "order-sign", "patient-view", "Bundle",
			"OperationOutcome", "MedicationRequest", "Patient", "Condition", "Medication", "draft", "active", "mg", "d",
			"HS", "Patient/example-patient", "MedicationRequest/ldn-draft", "Practitioner/example-prescriber",
			"example-patient", "ldn-draft", UNREACHABLE_FHIR_SERVER, "http://localhost:1/fhir", "http://[::1]:1/fhir",
			"file:///etc/passwd", "ftp://127.0.0.1:1/", "jar:file:/x!/y", "javascript:alert(1)",
			"gopher://127.0.0.1:1/_", "http://127.0.0.1:1@127.0.0.1:1/fhir");

	private static final List<String> KNOWN_KEYS = List.of("hook", "hookInstance", "fhirServer", "fhirAuthorization",
			"context", "prefetch", "extension", "userId", "patientId", "encounterId", "selections", "draftOrders",
			"patient", "medications", "conditions", "resourceType", "id", "entry", "resource", "type", "status",
			"intent", "subject", "reference", "medicationCodeableConcept", "medicationReference", "coding", "system",
			"code", "display", "text", "dosageInstruction", "timing", "repeat", "frequency", "period", "periodUnit",
			"when", "doseAndRate", "doseQuantity", "value", "unit", "route", "birthDate", "gender", "clinicalStatus",
			"contained", "access_token", "token_type", "expires_in", "scope", "feedback", "card", "outcome",
			"outcomeTimestamp", "overrideReason", "acceptedSuggestions");

	private HostileInputs() {
	}

	// Bodies

	/** A request body: bytes, shown as text when jqwik reports it. */
	record Body(byte[] bytes) {

		static Body of(String text) {
			return new Body(text.getBytes(StandardCharsets.UTF_8));
		}

		@Override
		public String toString() {
			String text = new String(bytes, StandardCharsets.ISO_8859_1);
			return bytes.length + " bytes: " + (text.length() > 3000 ? text.substring(0, 3000) + "..." : text);
		}

	}

	/** The valid call with one to four node mutations, then perhaps byte-level damage. */
	static Arbitrary<Body> mutatedCalls(String validCall) {
		JsonNode valid = parse(validCall);
		// Mostly one change, and bytes left whole,
		// so that many calls still reach the rules.
		Arbitrary<List<NodeMutation>> changes = Arbitraries.frequencyOf(Tuple.of(3, nodeMutations().list().ofSize(1)),
				Tuple.of(1, nodeMutations().list().ofMinSize(2).ofMaxSize(4)));
		Arbitrary<List<ByteMutation>> damages = Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(List.of())),
				Tuple.of(1, byteMutations().list().ofMinSize(1).ofMaxSize(2)));
		return Combinators.combine(changes, damages).as((mutations, damage) -> {
			JsonNode body = valid.deepCopy();
			for (NodeMutation mutation : mutations) {
				body = mutation.applyTo(body);
			}
			byte[] bytes = write(body).getBytes(StandardCharsets.UTF_8);
			for (ByteMutation mutation : damage) {
				bytes = mutation.applyTo(bytes);
			}
			return new Body(bytes);
		});
	}

	/** Random JSON values of any shape, mostly objects. */
	static Arbitrary<Body> randomJson() {
		return Arbitraries.frequencyOf(Tuple.of(4, objects(json(4))), Tuple.of(1, json(4)))
			.map((node) -> Body.of(write(node)));
	}

	/**
	 * Random calls shaped like a CDS Hooks request (hook, context, prefetch of FHIR-like
	 * resources), so that the generation reaches the FHIR parser and the rules.
	 */
	static Arbitrary<Body> randomCalls() {
		Arbitrary<JsonNode> resource = fhirLikeResources();
		Arbitrary<JsonNode> context = Combinators
			.combine(Arbitraries.of("Practitioner/example-prescriber", "Practitioner/x").map(NODES::textNode),
					Arbitraries.of("example-patient", "p-1").map(NODES::textNode),
					Arbitraries.of("MedicationRequest/ldn-draft", "MedicationRequest/x")
						.map((reference) -> NODES.arrayNode().add(reference)),
					bundlesOf(resource), hostileValues().injectNull(0.7))
			.as((userId, patientId, selections, draftOrders, extra) -> {
				ObjectNode node = NODES.objectNode();
				node.set("userId", userId);
				node.set("patientId", patientId);
				node.set("selections", selections);
				node.set("draftOrders", draftOrders);
				if (extra != null) {
					node.set("encounterId", extra);
				}
				return (JsonNode) node;
			});
		Arbitrary<JsonNode> prefetch = Combinators
			.combine(resource.injectNull(0.2), bundlesOf(resource).injectNull(0.2), bundlesOf(resource).injectNull(0.2))
			.as((patient, medications, conditions) -> {
				ObjectNode node = NODES.objectNode();
				node.set("patient", patient == null ? NODES.nullNode() : patient);
				node.set("medications", medications == null ? NODES.nullNode() : medications);
				node.set("conditions", conditions == null ? NODES.nullNode() : conditions);
				return (JsonNode) node;
			});
		return Combinators
			.combine(Arbitraries.of("order-select", "order-sign", "patient-view").map(NODES::textNode),
					Arbitraries.strings().alpha().numeric().withChars('-').ofMinLength(1).ofMaxLength(40), context,
					prefetch, Arbitraries.of(UNREACHABLE_FHIR_SERVER, "not a url").injectNull(0.7))
			.as((hook, hookInstance, contextNode, prefetchNode, fhirServer) -> {
				ObjectNode call = NODES.objectNode();
				call.set("hook", hook);
				call.put("hookInstance", hookInstance);
				if (fhirServer != null) {
					call.put("fhirServer", fhirServer);
				}
				call.set("context", contextNode);
				call.set("prefetch", prefetchNode);
				return Body.of(write(call));
			});
	}

	/** Random bytes, as sent by a broken or malicious client. */
	static Arbitrary<Body> randomBytes() {
		return Arbitraries.bytes().array(byte[].class).ofMaxSize(2000).map(Body::new);
	}

	// Node mutations

	enum NodeOperation {

		DELETE, REPLACE, DUPLICATE, COPY_ELSEWHERE, WRAP_DEEP, RENAME

	}

	/**
	 * One change to a JSON tree, at the node whose index (in document order, modulo the
	 * number of nodes) is given.
	 */
	record NodeMutation(NodeOperation operation, int target, int other, JsonNode value, int depth, String name) {

		JsonNode applyTo(JsonNode root) {
			List<Location> locations = new ArrayList<>();
			collect(root, locations);
			if (locations.isEmpty()) {
				return (operation == NodeOperation.DELETE) ? NODES.objectNode() : value.deepCopy();
			}
			Location at = locations.get(Math.floorMod(target, locations.size()));
			switch (operation) {
				case DELETE -> at.remove();
				case REPLACE -> at.set(value.deepCopy());
				case DUPLICATE -> at.duplicate();
				case COPY_ELSEWHERE -> at.set(locations.get(Math.floorMod(other, locations.size())).get().deepCopy());
				case WRAP_DEEP -> at.set(wrap(at.get(), depth));
				case RENAME -> at.rename(name);
			}
			return root;
		}

	}

	static Arbitrary<NodeMutation> nodeMutations() {
		return Combinators
			.combine(Arbitraries.of(NodeOperation.class), Arbitraries.integers().between(0, 100_000),
					Arbitraries.integers().between(0, 100_000), hostileValues(), Arbitraries.integers().between(1, 300),
					hostileKeys())
			.as(NodeMutation::new);
	}

	/** Where a node sits: the container and its field name or index. */
	private record Location(JsonNode parent, String field, int index) {

		JsonNode get() {
			return (field != null) ? parent.get(field) : parent.get(index);
		}

		void set(JsonNode node) {
			if (field != null) {
				((ObjectNode) parent).set(field, node);
			}
			else {
				((ArrayNode) parent).set(index, node);
			}
		}

		void remove() {
			if (field != null) {
				((ObjectNode) parent).remove(field);
			}
			else {
				((ArrayNode) parent).remove(index);
			}
		}

		void duplicate() {
			if (field != null) {
				((ObjectNode) parent).set(field + "_copy", get().deepCopy());
			}
			else {
				((ArrayNode) parent).insert(index, get().deepCopy());
			}
		}

		void rename(String name) {
			if (field != null) {
				JsonNode node = ((ObjectNode) parent).remove(field);
				((ObjectNode) parent).set(name, node);
			}
		}

	}

	private static void collect(JsonNode node, List<Location> locations) {
		if (node.isObject()) {
			List<String> names = new ArrayList<>();
			node.fieldNames().forEachRemaining(names::add);
			for (String name : names) {
				locations.add(new Location(node, name, -1));
				collect(node.get(name), locations);
			}
		}
		else if (node.isArray()) {
			for (int i = 0; i < node.size(); i++) {
				locations.add(new Location(node, null, i));
				collect(node.get(i), locations);
			}
		}
	}

	private static JsonNode wrap(JsonNode node, int depth) {
		JsonNode wrapped = node;
		for (int i = 0; i < depth; i++) {
			wrapped = (i % 2 == 0) ? NODES.arrayNode().add(wrapped) : NODES.objectNode().set("a", wrapped);
		}
		return wrapped;
	}

	// Byte mutations

	enum ByteOperation {

		TRUNCATE, FLIP, INSERT, DELETE_RANGE, INJECT_FIELD, UTF16, BOM, DEEP_PREFIX

	}

	/** Damage to the bytes of a body, at a position (modulo its length). */
	record ByteMutation(ByteOperation operation, int position, byte[] bytes, int count, String field) {

		byte[] applyTo(byte[] body) {
			int at = body.length == 0 ? 0 : Math.floorMod(position, body.length);
			return switch (operation) {
				case TRUNCATE -> Arrays.copyOf(body, at);
				case FLIP -> flip(body, at);
				case INSERT -> splice(body, at, 0, bytes);
				case DELETE_RANGE -> splice(body, at, Math.min(count, body.length - at), new byte[0]);
				case INJECT_FIELD -> injectField(body);
				case UTF16 -> new String(body, StandardCharsets.UTF_8)
					.getBytes(count % 2 == 0 ? StandardCharsets.UTF_16BE : StandardCharsets.UTF_16LE);
				case BOM -> splice(body, 0, 0, new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF });
				case DEEP_PREFIX -> splice(body, 0, 0, "[".repeat(count * 300).getBytes(StandardCharsets.US_ASCII));
			};
		}

		private byte[] flip(byte[] body, int at) {
			if (body.length == 0) {
				return body;
			}
			byte[] flipped = body.clone();
			flipped[at] ^= (byte) ((bytes.length > 0 ? bytes[0] : 0) | 1);
			return flipped;
		}

		/** Repeats a key right after the first '{': the same key twice in one object. */
		private byte[] injectField(byte[] body) {
			String text = new String(body, StandardCharsets.UTF_8);
			int brace = text.indexOf('{');
			if (brace < 0) {
				return body;
			}
			String injected = "\"" + field + "\": " + (count % 3 == 0 ? "null" : count % 3 == 1 ? "\"x\"" : "{}") + ",";
			return (text.substring(0, brace + 1) + injected + text.substring(brace + 1))
				.getBytes(StandardCharsets.UTF_8);
		}

	}

	static Arbitrary<ByteMutation> byteMutations() {
		return Combinators
			.combine(Arbitraries.of(ByteOperation.class), Arbitraries.integers().between(0, 1_000_000), Arbitraries
				.frequencyOf(Tuple.of(3, Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(8)), Tuple.of(1,
						Arbitraries.of("\u0000", "\"", "\\", "\\u", "}", "]", ",", ":", "\r\n", "\u00ff", "\uD800",
								"/*", "NaN", "1e99999")
							.map((text) -> text.getBytes(StandardCharsets.UTF_8)))),
					Arbitraries.integers().between(1, 400),
					Arbitraries.of("hook", "hookInstance", "context", "prefetch", "fhirServer", "fhirAuthorization"))
			.as(ByteMutation::new);
	}

	private static byte[] splice(byte[] body, int at, int removed, byte[] inserted) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + inserted.length);
		out.write(body, 0, at);
		out.write(inserted, 0, inserted.length);
		out.write(body, at + removed, body.length - at - removed);
		return out.toByteArray();
	}

	// Values

	/** Values of every JSON type, chosen to break parsers, validators and arithmetic. */
	static Arbitrary<JsonNode> hostileValues() {
		return Arbitraries.frequencyOf(Tuple.of(3, hostileStrings().map(NODES::textNode)),
				Tuple.of(3, hostileNumbers()), Tuple.of(2, plausibleNumbers()),
				Tuple.of(1,
						Arbitraries.of(NODES.booleanNode(true), NODES.booleanNode(false), NODES.nullNode(),
								NODES.objectNode(), NODES.arrayNode())),
				Tuple.of(2, json(3)), Tuple.of(1, fhirLikeResources()));
	}

	static Arbitrary<String> hostileStrings() {
		return Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.of(NASTY_STRINGS)),
				Tuple.of(3, Arbitraries.strings().all().ofMaxLength(60)),
				Tuple.of(1, Arbitraries.strings().withCharRange('\u0000', '\u001f').ofMinLength(1).ofMaxLength(20)),
				Tuple.of(1,
						Combinators
							.combine(Arbitraries.of("x", "é", "😀", "\u0000", "Patient/"),
									Arbitraries.integers().between(1, 20_000))
							.as(String::repeat)));
	}

	static Arbitrary<JsonNode> hostileNumbers() {
		return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of(NODES.numberNode(0), NODES.numberNode(-1),
				NODES.numberNode(Integer.MAX_VALUE), NODES.numberNode(Integer.MIN_VALUE),
				NODES.numberNode(Long.MAX_VALUE), NODES.numberNode(Long.MIN_VALUE), NODES.numberNode(Double.MAX_VALUE),
				NODES.numberNode(-Double.MAX_VALUE), NODES.numberNode(Double.MIN_VALUE), NODES.numberNode(0.1),
				NODES.numberNode(-0.0), NODES.numberNode(1e-300), NODES.numberNode(new BigDecimal("1E+999999999")),
				NODES.numberNode(new BigDecimal("1E-999999999")), NODES.numberNode(new BigDecimal("-4.5E+308")),
				NODES.numberNode(new BigDecimal("3.333333333333333333333333333333333333333")),
				NODES.numberNode(BigInteger.TEN.pow(99)), NODES.numberNode(BigInteger.TEN.pow(150)))),
				Tuple.of(2, Arbitraries.doubles().map(NODES::numberNode)),
				Tuple.of(2, Arbitraries.longs().map(NODES::numberNode)),
				Tuple.of(1, Arbitraries.bigDecimals().map(NODES::numberNode)));
	}

	/** Doses, frequencies and periods a prescriber might write, or nearly. */
	static Arbitrary<JsonNode> plausibleNumbers() {
		return Arbitraries.oneOf(Arbitraries.integers().between(-2, 100).map(NODES::numberNode),
				Arbitraries.bigDecimals()
					.between(BigDecimal.ZERO, new BigDecimal("1000"))
					.ofScale(3)
					.map((value) -> (JsonNode) NODES.numberNode(value)));
	}

	private static Arbitrary<String> hostileKeys() {
		return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of(KNOWN_KEYS)),
				Tuple.of(1, Arbitraries.strings().all().ofMaxLength(30)), Tuple.of(1, Arbitraries.of("", "__proto__",
						"constructor", "$ref", "@type", "resourceType ", "\u0000", "x".repeat(10_000))));
	}

	/** Random JSON up to this depth. */
	static Arbitrary<JsonNode> json(int depth) {
		Arbitrary<JsonNode> scalars = Arbitraries.frequencyOf(Tuple.of(3, hostileStrings().map(NODES::textNode)),
				Tuple.of(2, hostileNumbers()),
				Tuple.of(1, Arbitraries.of(NODES.booleanNode(true), NODES.booleanNode(false), NODES.nullNode())));
		return Arbitraries
			.recursive(() -> scalars,
					(inner) -> Arbitraries.frequencyOf(Tuple.of(2, scalars), Tuple.of(2, objects(inner)), Tuple.of(1,
							inner.list().ofMaxSize(4).map((items) -> (JsonNode) NODES.arrayNode().addAll(items)))),
					0, depth);
	}

	private static Arbitrary<JsonNode> objects(Arbitrary<JsonNode> values) {
		return Combinators.combine(hostileKeys(), values).as(Tuple::of).list().ofMaxSize(6).map((fields) -> {
			ObjectNode object = NODES.objectNode();
			fields.forEach((field) -> object.set(field.get1(), field.get2()));
			return object;
		});
	}

	/** Resources with a plausible type and random content in plausible fields. */
	static Arbitrary<JsonNode> fhirLikeResources() {
		return Combinators
			.combine(Arbitraries.of("Bundle", "Patient", "MedicationRequest", "Medication", "Condition",
					"OperationOutcome", "Observation", "Bundle ", "bundle", ""), objects(json(2)))
			.as((type, fields) -> {
				((ObjectNode) fields).put("resourceType", type);
				return fields;
			});
	}

	private static Arbitrary<JsonNode> bundlesOf(Arbitrary<JsonNode> resources) {
		return resources.list().ofMaxSize(4).map((entries) -> {
			ObjectNode bundle = NODES.objectNode().put("resourceType", "Bundle").put("type", "collection");
			ArrayNode entry = bundle.putArray("entry");
			entries.forEach((resource) -> entry.addObject().set("resource", resource));
			return bundle;
		});
	}

	static JsonNode parse(String json) {
		try {
			return JSON.readTree(json);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalArgumentException(ex);
		}
	}

	static String write(JsonNode node) {
		try {
			return JSON.writeValueAsString(node);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
