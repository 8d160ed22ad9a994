package org.ldncds.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * The floor: what reading a call's bytes costs at least, and nothing else. Jackson reads
 * the whole body into a tree (the CDS Hooks envelope), and HAPI's R4 parser reads each
 * FHIR resource in it ({@code context.draftOrders} and every prefetch value) from its own
 * bytes of the body, each once. No checks, no copies, no facts, rules or cards.
 */
final class Floor {

	private final ObjectMapper json = new ObjectMapper();

	private final FhirContext fhir;

	private final byte[] body;

	/** Where each FHIR resource lies in the body: offset, length. */
	private final List<int[]> resources;

	Floor(FhirContext fhir, byte[] body) {
		this.fhir = fhir;
		this.body = body;
		this.resources = resourcesIn(body);
	}

	int resourceCount() {
		return resources.size();
	}

	/** Reads the body once; returns something of every resource, so none is skipped. */
	int read() {
		try {
			int size = json.readTree(body).size();
			for (int[] range : resources) {
				IBaseResource resource = fhir.newJsonParser()
					.parseResource(new InputStreamReader(new ByteArrayInputStream(body, range[0], range[1]),
							StandardCharsets.UTF_8));
				size += resource.fhirType().length();
			}
			return size;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The byte ranges of context.draftOrders and of every object under prefetch. */
	static List<int[]> resourcesIn(byte[] body) {
		List<int[]> ranges = new ArrayList<>();
		try (JsonParser parser = new ObjectMapper().getFactory().createParser(body)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				throw new IllegalArgumentException("not a JSON object");
			}
			while (parser.nextToken() == JsonToken.FIELD_NAME) {
				String field = parser.currentName();
				JsonToken value = parser.nextToken();
				if (value == JsonToken.START_OBJECT && (field.equals("context") || field.equals("prefetch"))) {
					while (parser.nextToken() == JsonToken.FIELD_NAME) {
						String key = parser.currentName();
						if (parser.nextToken() == JsonToken.START_OBJECT
								&& (field.equals("prefetch") || key.equals("draftOrders"))) {
							long start = parser.currentTokenLocation().getByteOffset();
							parser.skipChildren();
							long end = parser.currentLocation().getByteOffset();
							ranges.add(new int[] { (int) start, (int) (end - start) });
						}
						else {
							parser.skipChildren();
						}
					}
				}
				else {
					parser.skipChildren();
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return ranges;
	}

}
