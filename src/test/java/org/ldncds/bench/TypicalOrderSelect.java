package org.ldncds.bench;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The request the benchmarks send: a typical order-select call for one low-dose
 * naltrexone draft, with everything prefetched. The record holds 20 medication orders (12
 * RxNorm-coded, 8 free text, one of them an opioid: oxycodone), 30 conditions (ICD-10-CM
 * and SNOMED CT, three of them resolved) and the patient, with the administrative fields
 * an EHR's FHIR server adds (meta, identifiers, requester, dates, search links): about 40
 * KB. The expected answer starts with the critical card for the naltrexone-opioid
 * interaction.
 */
final class TypicalOrderSelect {

	static final String SERVICE_ID = "ldn-order-select";

	/** Prefetch entries of the typical record: 20 medication orders, 30 conditions. */
	static final int TYPICAL_ENTRIES = 50;

	private static final String EHR_FHIR = "https://ehr.example.org/fhir";

	private static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";

	private static final String ICD_10_CM = "http://hl7.org/fhir/sid/icd-10-cm";

	private static final String SNOMED = "http://snomed.info/sct";

	/** RxNorm code, display, tablets per dose, doses per day. */
	private static final List<Object[]> CODED = List.of(
			new Object[] { "1049621", "oxycodone hydrochloride 5 MG Oral Tablet", 1, 4 },
			new Object[] { "314076", "lisinopril 10 MG Oral Tablet", 1, 1 },
			new Object[] { "197361", "amlodipine 5 MG Oral Tablet", 1, 1 },
			new Object[] { "617310", "atorvastatin 20 MG Oral Tablet", 1, 1 },
			new Object[] { "860975", "24 HR metformin hydrochloride 500 MG Extended Release Oral Tablet", 2, 1 },
			new Object[] { "966247", "levothyroxine sodium 0.1 MG Oral Tablet", 1, 1 },
			new Object[] { "312940", "sertraline 50 MG Oral Tablet", 1, 1 },
			new Object[] { "310965", "ibuprofen 200 MG Oral Tablet", 2, 3 },
			new Object[] { "310429", "furosemide 20 MG Oral Tablet", 1, 1 },
			new Object[] { "198211", "simvastatin 40 MG Oral Tablet", 1, 1 },
			new Object[] { "308136", "amitriptyline hydrochloride 10 MG Oral Tablet", 1, 1 },
			new Object[] { "311989", "omeprazole 20 MG Delayed Release Oral Capsule", 1, 1 });

	/** Free-text name, mg per dose (0 when the order gives none), doses per day. */
	private static final List<Object[]> FREE_TEXT = List.of(new Object[] { "Vitamin D3 2000 IU capsule", 0, 1 },
			new Object[] { "Omega-3 fish oil 1000 mg capsule", 1000, 2 },
			new Object[] { "Magnesium glycinate 200 mg tablet", 200, 1 },
			new Object[] { "Melatonin 3 mg tablet at bedtime", 3, 1 },
			new Object[] { "Turmeric (curcumin) 500 mg capsule", 500, 2 }, new Object[] { "Probiotic capsule", 0, 1 },
			new Object[] { "Cetirizine 10 mg tablet", 10, 1 }, new Object[] { "Gabapentin 300 mg capsule", 300, 3 });

	/** System, code, display, clinical status. */
	private static final List<String[]> CONDITIONS = List.of(
			new String[] { SNOMED, "203082005", "Fibromyalgia", "active" },
			new String[] { ICD_10_CM, "I10", "Essential (primary) hypertension", "active" },
			new String[] { ICD_10_CM, "E11.9", "Type 2 diabetes mellitus without complications", "active" },
			new String[] { ICD_10_CM, "E78.5", "Hyperlipidemia, unspecified", "active" },
			new String[] { ICD_10_CM, "E03.9", "Hypothyroidism, unspecified", "active" },
			new String[] { ICD_10_CM, "K21.9", "Gastro-esophageal reflux disease without esophagitis", "active" },
			new String[] { ICD_10_CM, "M54.50", "Low back pain, unspecified", "active" },
			new String[] { ICD_10_CM, "M17.11", "Unilateral primary osteoarthritis, right knee", "active" },
			new String[] { ICD_10_CM, "E66.9", "Obesity, unspecified", "active" },
			new String[] { ICD_10_CM, "F41.1", "Generalized anxiety disorder", "active" },
			new String[] { ICD_10_CM, "F32.9", "Major depressive disorder, single episode, unspecified", "active" },
			new String[] { ICD_10_CM, "G47.00", "Insomnia, unspecified", "active" },
			new String[] { ICD_10_CM, "G43.909", "Migraine, unspecified, not intractable", "active" },
			new String[] { ICD_10_CM, "K58.9", "Irritable bowel syndrome without diarrhea", "active" },
			new String[] { ICD_10_CM, "J45.909", "Unspecified asthma, uncomplicated", "active" },
			new String[] { ICD_10_CM, "J30.9", "Allergic rhinitis, unspecified", "active" },
			new String[] { ICD_10_CM, "E55.9", "Vitamin D deficiency, unspecified", "active" },
			new String[] { ICD_10_CM, "D64.9", "Anemia, unspecified", "resolved" },
			new String[] { ICD_10_CM, "G56.00", "Carpal tunnel syndrome, unspecified upper limb", "active" },
			new String[] { ICD_10_CM, "M72.2", "Plantar fascial fibromatosis", "resolved" },
			new String[] { ICD_10_CM, "R53.82", "Chronic fatigue, unspecified", "active" },
			new String[] { ICD_10_CM, "G47.33", "Obstructive sleep apnea", "active" },
			new String[] { ICD_10_CM, "H93.19", "Tinnitus, unspecified ear", "active" },
			new String[] { ICD_10_CM, "G25.81", "Restless legs syndrome", "active" },
			new String[] { ICD_10_CM, "G62.9", "Polyneuropathy, unspecified", "active" },
			new String[] { SNOMED, "398909004", "Rosacea", "active" },
			new String[] { SNOMED, "9014002", "Psoriasis", "active" },
			new String[] { ICD_10_CM, "M54.2", "Cervicalgia", "resolved" },
			new String[] { ICD_10_CM, "R73.03", "Prediabetes", "active" },
			new String[] { SNOMED, "35489007", "Depressive disorder", "active" });

	private TypicalOrderSelect() {
	}

	/** The request body, as the EHR would send it. */
	static byte[] requestBody() {
		return requestBody(TYPICAL_ENTRIES);
	}

	/**
	 * The same call with a larger (or smaller) record: {@code entries} prefetch entries,
	 * two in five of them medication orders and the rest conditions, each list repeated
	 * over with new ids (the oxycodone order among them, so the critical card stays).
	 */
	static byte[] requestBody(int entries) {
		return requestBody(entries, false);
	}

	/**
	 * As {@link #requestBody(int)}; with {@code referenced}, each coded order names its
	 * drug by a {@code medicationReference} to a Medication entry of the same search (as
	 * {@code _include=MedicationRequest:medication} returns them, one more entry per
	 * coded order): every such order has a reference to resolve.
	 */
	static byte[] requestBody(int entries, boolean referenced) {
		if (entries < 2) {
			throw new IllegalArgumentException("at least one medication and one condition, not " + entries);
		}
		int medicationCount = Math.max(1, entries * 2 / 5);
		int conditionCount = entries - medicationCount;
		ObjectMapper json = new ObjectMapper();
		ObjectNode request = json.createObjectNode();
		request.put("hook", "order-select");
		request.put("hookInstance", "5f0e6f6a-3c1b-4a57-9a1e-6f4d1c2b7e10");
		ObjectNode context = request.putObject("context");
		context.put("userId", "Practitioner/bench-prescriber");
		context.put("patientId", "bench-patient");
		context.put("encounterId", "bench-encounter");
		context.putArray("selections").add("MedicationRequest/ldn-draft");
		ObjectNode drafts = bundle(context.putObject("draftOrders"), "collection");
		drafts.withArray("entry").addObject().set("resource", ldnDraft(json));
		ObjectNode prefetch = request.putObject("prefetch");
		ObjectNode patient = prefetch.putObject("patient");
		patient.put("resourceType", "Patient").put("id", "bench-patient");
		meta(patient, 7);
		patient.putArray("identifier")
			.addObject()
			.put("system", "urn:oid:2.16.840.1.113883.4.1")
			.put("value", "000-00-0000");
		patient.putArray("name").addObject().put("family", "Bench").putArray("given").add("Pat");
		patient.put("gender", "female");
		patient.put("birthDate", "1975-03-14");
		ArrayNode medications = searchset(prefetch.putObject("medications"), medicationCount);
		for (int i = 0; i < medicationCount; i++) {
			ObjectNode order = medication(json, i);
			if (referenced && order.path("medicationCodeableConcept").has("coding")) {
				ObjectNode drug = json.createObjectNode();
				drug.put("resourceType", "Medication").put("id", "drug-" + i);
				drug.set("code", order.remove("medicationCodeableConcept"));
				order.putObject("medicationReference").put("reference", "Medication/drug-" + i);
				ObjectNode included = entry(json, drug);
				((ObjectNode) included.get("search")).put("mode", "include");
				medications.add(included);
			}
			medications.add(entry(json, order));
		}
		ArrayNode conditions = searchset(prefetch.putObject("conditions"), conditionCount);
		for (int i = 0; i < conditionCount; i++) {
			conditions.add(entry(json, condition(json, "condition-" + i, CONDITIONS.get(i % CONDITIONS.size()))));
		}
		try {
			return json.writeValueAsBytes(request);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Order {@code i} of the record: the coded ones, then the free-text ones, repeated.
	 */
	private static ObjectNode medication(ObjectMapper json, int i) {
		int template = i % (CODED.size() + FREE_TEXT.size());
		ObjectNode order = medicationRequest(json, "medication-" + i);
		if (template < CODED.size()) {
			Object[] drug = CODED.get(template);
			ObjectNode concept = order.putObject("medicationCodeableConcept");
			concept.putArray("coding")
				.addObject()
				.put("system", RXNORM)
				.put("code", (String) drug[0])
				.put("display", (String) drug[1]);
			concept.put("text", (String) drug[1]);
			dosage(order, null, (Integer) drug[2], (Integer) drug[3]);
		}
		else {
			Object[] drug = FREE_TEXT.get(template - CODED.size());
			order.putObject("medicationCodeableConcept").put("text", (String) drug[0]);
			int mg = (Integer) drug[1];
			dosage(order, (mg == 0) ? null : (double) mg, 1, (Integer) drug[2]);
		}
		return order;
	}

	private static ObjectNode bundle(ObjectNode bundle, String type) {
		bundle.put("resourceType", "Bundle").put("type", type).putArray("entry");
		return bundle;
	}

	/** A search result page as FHIR servers send it: self link, total, entries. */
	private static ArrayNode searchset(ObjectNode bundle, int total) {
		bundle.put("resourceType", "Bundle").put("id", "bench-search-" + total);
		meta(bundle, 1);
		bundle.put("type", "searchset").put("total", total);
		bundle.putArray("link")
			.addObject()
			.put("relation", "self")
			.put("url", EHR_FHIR + "/search?patient=bench-patient&_count=" + total);
		return bundle.putArray("entry");
	}

	private static ObjectNode entry(ObjectMapper json, ObjectNode resource) {
		ObjectNode entry = json.createObjectNode();
		entry.put("fullUrl",
				EHR_FHIR + "/" + resource.get("resourceType").asText() + "/" + resource.get("id").asText());
		entry.set("resource", resource);
		entry.putObject("search").put("mode", "match");
		return entry;
	}

	/** What FHIR servers put on every resource they serve: version and time. */
	private static void meta(ObjectNode resource, int version) {
		resource.putObject("meta")
			.put("versionId", Integer.toString(version))
			.put("lastUpdated", "2026-06-01T09:30:00.000+00:00");
	}

	private static ObjectNode ldnDraft(ObjectMapper json) {
		ObjectNode draft = json.createObjectNode();
		draft.put("resourceType", "MedicationRequest").put("id", "ldn-draft").put("status", "draft");
		draft.put("intent", "order");
		draft.putObject("medicationCodeableConcept").put("text", "Naltrexone 4.5 mg capsule (compounded, low-dose)");
		draft.putObject("subject").put("reference", "Patient/bench-patient");
		draft.putObject("requester").put("reference", "Practitioner/bench-prescriber");
		dosage(draft, 4.5, 1, 1);
		return draft;
	}

	private static ObjectNode medicationRequest(ObjectMapper json, String id) {
		ObjectNode order = json.createObjectNode();
		order.put("resourceType", "MedicationRequest").put("id", id);
		meta(order, 3);
		order.putArray("identifier")
			.addObject()
			.put("system", "urn:oid:1.2.840.114350.1.13.0.1.7.2.798268")
			.put("value", "ORD-" + id);
		order.put("status", "active").put("intent", "order");
		order.putObject("subject").put("reference", "Patient/bench-patient");
		order.put("authoredOn", "2026-06-01");
		order.putObject("requester").put("reference", "Practitioner/bench-prescriber").put("display", "Dr. A. Bench");
		return order;
	}

	/** One dosage instruction: a dose in mg when given, else a count of tablets. */
	private static void dosage(ObjectNode order, Double mg, int tablets, int perDay) {
		ObjectNode dosage = order.putArray("dosageInstruction").addObject();
		dosage.putObject("timing").putObject("repeat").put("frequency", perDay).put("period", 1).put("periodUnit", "d");
		dosage.putObject("route").put("text", "oral");
		ObjectNode quantity = dosage.putArray("doseAndRate").addObject().putObject("doseQuantity");
		if (mg != null) {
			quantity.put("value", mg.doubleValue())
				.put("unit", "mg")
				.put("system", "http://unitsofmeasure.org")
				.put("code", "mg");
		}
		else {
			quantity.put("value", tablets).put("unit", "tablet");
		}
	}

	private static ObjectNode condition(ObjectMapper json, String id, String[] code) {
		ObjectNode condition = json.createObjectNode();
		condition.put("resourceType", "Condition").put("id", id);
		meta(condition, 2);
		condition.putObject("clinicalStatus")
			.putArray("coding")
			.addObject()
			.put("system", "http://terminology.hl7.org/CodeSystem/condition-clinical")
			.put("code", code[3]);
		condition.putObject("verificationStatus")
			.putArray("coding")
			.addObject()
			.put("system", "http://terminology.hl7.org/CodeSystem/condition-ver-status")
			.put("code", "confirmed");
		ObjectNode concept = condition.putObject("code");
		concept.putArray("coding").addObject().put("system", code[0]).put("code", code[1]).put("display", code[2]);
		concept.put("text", code[2]);
		condition.putObject("subject").put("reference", "Patient/bench-patient");
		condition.put("onsetDateTime", "2019-04-02");
		condition.put("recordedDate", "2019-04-02T10:15:00+00:00");
		return condition;
	}

}
