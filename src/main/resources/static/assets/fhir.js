// FHIR R4 helpers of the sandbox: the orders it can compose, and plain-words descriptions of
// the resources it shows.

const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';

/** What the order form can order. Naltrexone is dosed in mg, opioid tablets by count. */
export const PRODUCTS = {
  naltrexone: {
    label: 'Naltrexone capsule, compounded (LDN)',
    unit: 'mg',
    concept: (dose) => ({ text: dose === null ? 'Naltrexone capsule (compounded)' : `Naltrexone ${formatNumber(dose)} mg capsule (compounded)` }),
  },
  oxycodone: {
    label: 'Oxycodone 5 mg tablet (opioid)',
    unit: 'tablet',
    concept: () => ({ coding: [{ system: RXNORM, code: '1049621', display: 'oxycodone hydrochloride 5 MG Oral Tablet' }] }),
  },
  tramadol: {
    label: 'Tramadol 50 mg tablet (opioid)',
    unit: 'tablet',
    concept: () => ({ coding: [{ system: RXNORM, code: '835603', display: 'tramadol hydrochloride 50 MG Oral Tablet' }] }),
  },
};

const FREQUENCY_WORDS = { 1: 'once a day', 2: 'twice a day', 3: 'three times a day', 4: 'four times a day' };
const WHEN_WORDS = { HS: 'at bedtime', MORN: 'in the morning' };

/**
 * A draft MedicationRequest for the patient.
 * @param order {product, dose (number or null), frequency (1-4), when ('HS', 'MORN' or '')}
 */
export function medicationRequest(id, patientId, order) {
  const product = PRODUCTS[order.product];
  const timing = { repeat: { frequency: order.frequency, period: 1, periodUnit: 'd' } };
  if (order.when && order.frequency === 1) {
    timing.repeat.when = [order.when];
  }
  const dosage = { text: dosageText(order), timing, route: { text: 'oral' } };
  if (order.dose !== null) {
    dosage.doseAndRate = [{
      doseQuantity: product.unit === 'mg'
        ? { value: order.dose, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' }
        : { value: order.dose, unit: 'tablet', system: 'http://terminology.hl7.org/CodeSystem/v3-orderableDrugForm', code: 'TAB' },
    }];
  }
  return {
    resourceType: 'MedicationRequest',
    id,
    status: 'draft',
    intent: 'order',
    medicationCodeableConcept: product.concept(order.dose),
    subject: { reference: 'Patient/' + patientId },
    authoredOn: new Date().toISOString().slice(0, 10),
    dosageInstruction: [dosage],
  };
}

function dosageText(order) {
  const product = PRODUCTS[order.product];
  const amount = order.dose === null ? 'Take'
    : product.unit === 'mg' ? `Take ${formatNumber(order.dose)} mg`
      : `Take ${formatNumber(order.dose)} tablet${order.dose === 1 ? '' : 's'}`;
  const when = order.frequency === 1 && WHEN_WORDS[order.when] ? ' ' + WHEN_WORDS[order.when] : '';
  return `${amount} by mouth ${FREQUENCY_WORDS[order.frequency] || ''}${when}`.trim();
}

export function formatNumber(value) {
  return Number.isInteger(value) ? String(value) : String(Math.round(value * 1000) / 1000);
}

/** The name of a medication in a MedicationRequest. */
export function medicationName(request) {
  const concept = request.medicationCodeableConcept;
  if (concept) {
    return concept.text || (concept.coding || []).map((c) => c.display || c.code).find(Boolean) || 'Unnamed medication';
  }
  return (request.medicationReference && request.medicationReference.display) || 'Medication by reference';
}

/** "1.5 mg once a day at bedtime", from the first dosage instruction. */
export function dosageSummary(request) {
  const dosage = (request.dosageInstruction || [])[0];
  if (!dosage) {
    return 'no dosage instructions';
  }
  if (dosage.text) {
    return dosage.text;
  }
  const quantity = (((dosage.doseAndRate || [])[0]) || {}).doseQuantity;
  const repeat = (dosage.timing || {}).repeat || {};
  const parts = [];
  if (quantity) {
    parts.push(`${formatNumber(quantity.value)} ${quantity.unit || quantity.code || ''}`.trim());
  }
  if (repeat.frequency && (repeat.period || 1) === 1 && repeat.periodUnit === 'd') {
    parts.push(FREQUENCY_WORDS[repeat.frequency] || `${repeat.frequency} times a day`);
  }
  return parts.join(' ') || 'dosage not stated';
}

/** The display of a coded concept. */
export function conceptName(concept) {
  if (!concept) {
    return 'Unnamed';
  }
  const coding = (concept.coding || [])[0];
  return concept.text || (coding && (coding.display || coding.code)) || 'Unnamed';
}

/** The first coding's system and code, for a tooltip-free text: "SNOMED CT 203082005". */
export function conceptCode(concept) {
  const coding = ((concept || {}).coding || [])[0];
  if (!coding) {
    return '';
  }
  const systems = {
    'http://snomed.info/sct': 'SNOMED CT',
    'http://hl7.org/fhir/sid/icd-10-cm': 'ICD-10-CM',
    [RXNORM]: 'RxNorm',
  };
  return `${systems[coding.system] || coding.system} ${coding.code}`;
}

export function patientName(patient) {
  const name = (patient.name || [])[0];
  if (!name) {
    return patient.id;
  }
  return [...(name.given || []), name.family].filter(Boolean).join(' ');
}

/** Age in whole years today. */
export function ageOf(birthDate, today = new Date()) {
  const [year, month, day] = birthDate.split('-').map(Number);
  let age = today.getFullYear() - year;
  if (today.getMonth() + 1 < month || (today.getMonth() + 1 === month && today.getDate() < (day || 1))) {
    age -= 1;
  }
  return age;
}

/** A searchset Bundle of the resources, as an EHR fills a prefetch search. */
export function searchset(resources) {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total: resources.length,
    entry: resources.map((resource) => ({ resource, search: { mode: 'match' } })),
  };
}

/** A collection Bundle of draft orders (context.draftOrders). */
export function collection(resources) {
  return { resourceType: 'Bundle', type: 'collection', entry: resources.map((resource) => ({ resource })) };
}
