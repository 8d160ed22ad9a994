// The sandbox: an EHR stand-in that calls this service's real endpoints.
import { postSigned, uuid } from './cds-client.js';
import { el, renderCard } from './cards.js';
import {
  PRODUCTS, ageOf, collection, conceptCode, conceptName, dosageSummary, formatNumber, medicationName,
  medicationRequest, patientName, searchset,
} from './fhir.js';

const USER = 'Practitioner/sandbox-clinician';

const state = {
  example: null, // the example patient: {patient, medications, conditions, order, ...}
  drafts: new Map(), // draft orders by id, in order of creation
  composingId: null, // the draft the order form edits; null: the next selection makes a new one
  draftCounter: 0,
  lastRequest: null,
  exchangeCount: 0,
};

const $ = (id) => document.getElementById(id);

// ---------------------------------------------------------------- patients

async function loadExamples() {
  const select = $('patient-select');
  try {
    const response = await fetch('/examples/index.json');
    const index = await response.json();
    select.replaceChildren(el('option', { value: '' }, 'Choose a patient…'),
      ...index.examples.map((example) => el('option', { value: example.id }, example.title)));
  } catch (e) {
    select.replaceChildren(el('option', { value: '' }, 'Example patients could not be loaded'));
    showError('The example patients could not be loaded', e.message);
  }
}

async function pickPatient(id) {
  clearCards();
  state.drafts.clear();
  state.composingId = null;
  state.example = null;
  renderDrafts();
  if (!id) {
    $('patient-details').replaceChildren();
    $('patient-about').replaceChildren();
    setStatus('No call yet: pick a patient and select an order.');
    return;
  }
  const response = await fetch(`/examples/${encodeURIComponent(id)}.json`);
  if (!response.ok) {
    showError('The example patient could not be loaded', `GET /examples/${id}.json answered ${response.status}`);
    return;
  }
  state.example = await response.json();
  renderPatient(state.example);
  fillOrderForm(state.example.order);
  setStatus(`${patientName(state.example.patient)} is open. Compose an order and select it.`);
}

function renderPatient(example) {
  const patient = example.patient;
  const age = ageOf(patient.birthDate);
  const medications = example.medications.length === 0
    ? el('p', { className: 'empty' }, 'No current medications.')
    : el('ul', { className: 'facts' }, example.medications.map((request) => el('li', {},
      el('span', { className: 'facts__name' }, medicationName(request)),
      el('span', { className: 'facts__meta' }, `${dosageSummary(request)} · ${request.status}`))));
  const conditions = example.conditions.length === 0
    ? el('p', { className: 'empty' }, 'No current conditions.')
    : el('ul', { className: 'facts' }, example.conditions.map((condition) => el('li', {},
      el('span', { className: 'facts__name' }, conceptName(condition.code)),
      el('span', { className: 'facts__meta' }, conceptCode(condition.code)))));
  $('patient-details').replaceChildren(
    el('p', { className: 'patient__name' }, patientName(patient),
      el('span', { className: 'patient__meta' },
        ` ${capitalise(patient.gender || 'unknown')}, ${age} years, born ${patient.birthDate}`)),
    el('div', { className: 'patient__facts' },
      el('section', { 'aria-labelledby': 'medications-heading' },
        el('h3', { className: 'subheading', id: 'medications-heading' }, 'Current medications'), medications),
      el('section', { 'aria-labelledby': 'conditions-heading' },
        el('h3', { className: 'subheading', id: 'conditions-heading' }, 'Conditions'), conditions)),
    el('p', { className: 'facts__meta patient__source' }, `Patient/${patient.id}, from the scenario `,
      el('code', {}, example.basedOn.replace('src/test/resources/scenarios/', ''))));
  $('patient-about').replaceChildren(el('p', {}, example.description));
}

function capitalise(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// ---------------------------------------------------------------- the order form

function fillProducts() {
  $('order-product').replaceChildren(...Object.entries(PRODUCTS)
    .map(([key, product]) => el('option', { value: key }, product.label)));
}

function fillOrderForm(order) {
  $('order-product').value = order.product;
  $('order-dose').value = order.dose === null ? '' : formatNumber(order.dose);
  $('order-frequency').value = String(order.frequency);
  $('order-when').value = order.when || '';
  updateFormForProduct();
}

function updateFormForProduct() {
  const product = PRODUCTS[$('order-product').value];
  const mg = product.unit === 'mg';
  $('order-dose-label').textContent = mg ? 'Dose (mg)' : 'Tablets each time';
  $('order-dose-hint').textContent = mg ? 'LDN: 1.5 to 4.5 mg; empty: no dose.' : 'Tablets each time.';
  updatePreview();
}

/** The order on the form, or an error message. */
function readOrderForm() {
  const product = $('order-product').value;
  const doseText = $('order-dose').value.trim().replace(',', '.');
  let dose = null;
  if (doseText !== '') {
    dose = Number(doseText);
    if (!/^\d+(\.\d+)?$/.test(doseText) || !(dose > 0) || dose > 1000) {
      return { error: 'Enter the dose as a number greater than 0, such as 1.5, or leave it empty.' };
    }
  }
  return {
    order: {
      product,
      dose,
      frequency: Number($('order-frequency').value),
      when: $('order-when').value,
    },
  };
}

function updatePreview() {
  const read = readOrderForm();
  const doseError = $('order-dose-error');
  if (read.error) {
    $('order-preview').textContent = '';
    return;
  }
  doseError.hidden = true;
  $('order-dose').removeAttribute('aria-invalid');
  const preview = medicationRequest('preview', 'preview', read.order);
  $('order-preview').textContent = `${medicationName(preview)}: ${dosageSummary(preview)}`;
}

function showDoseError(message) {
  const doseError = $('order-dose-error');
  doseError.textContent = message;
  doseError.hidden = false;
  $('order-dose').setAttribute('aria-invalid', 'true');
  $('order-dose').focus();
}

// ---------------------------------------------------------------- draft orders

function renderDrafts() {
  const list = $('draft-list');
  if (state.drafts.size === 0) {
    list.replaceChildren(el('li', { className: 'empty' }, 'No draft orders.'));
  } else {
    list.replaceChildren(...[...state.drafts.values()].map((draft) => {
      const name = medicationName(draft);
      return el('li', { className: 'draft', dataset: { draftId: draft.id } },
        el('span', { className: 'draft__text' },
          el('span', { className: 'facts__name' }, name),
          el('span', { className: 'facts__meta' }, `${dosageSummary(draft)} · MedicationRequest/${draft.id}`)),
        el('button', {
          type: 'button',
          className: 'btn btn--small',
          'aria-label': `Remove draft order ${name}`,
          onClick: () => {
            state.drafts.delete(draft.id);
            if (state.composingId === draft.id) {
              state.composingId = null;
            }
            renderDrafts();
          },
        }, 'Remove'));
    }));
  }
  $('sign-orders').disabled = state.drafts.size === 0 || !state.example;
}

function nextDraftId() {
  state.draftCounter += 1;
  return `sandbox-order-${state.draftCounter}`;
}

/** Applies an accepted suggestion's actions to the draft orders, as an EHR would. */
function applyActions(actions) {
  const done = [];
  for (const action of actions || []) {
    if (action.type === 'delete' && action.resourceId) {
      const id = String(action.resourceId).split('/').pop();
      if (state.drafts.delete(id)) {
        done.push(`removed draft order ${action.resourceId}`);
        if (state.composingId === id) {
          state.composingId = null;
        }
      }
    } else if ((action.type === 'update' || action.type === 'create') && action.resource) {
      const resource = action.resource;
      state.drafts.set(resource.id, resource);
      done.push(`${action.type === 'update' ? 'updated' : 'added'} draft order MedicationRequest/${resource.id}: ${dosageSummary(resource)}`);
      if (resource.id === state.composingId) {
        syncFormFrom(resource);
      }
    }
  }
  renderDrafts();
  return done;
}

/** After an update suggestion, the order form shows the updated dose and timing. */
function syncFormFrom(resource) {
  const dosage = (resource.dosageInstruction || [])[0] || {};
  const quantity = (((dosage.doseAndRate || [])[0]) || {}).doseQuantity;
  const repeat = (dosage.timing || {}).repeat || {};
  if (quantity && typeof quantity.value === 'number') {
    $('order-dose').value = formatNumber(quantity.value);
  }
  if ([1, 2, 3, 4].includes(repeat.frequency)) {
    $('order-frequency').value = String(repeat.frequency);
  }
  if (repeat.when && repeat.when.length) {
    $('order-when').value = ['HS', 'MORN'].includes(repeat.when[0]) ? repeat.when[0] : '';
  }
  updatePreview();
}

// ---------------------------------------------------------------- hook calls

function prefetch() {
  const example = state.example;
  return {
    patient: example.patient,
    medications: searchset(example.medications),
    conditions: searchset(example.conditions),
  };
}

async function selectOrder(event) {
  event.preventDefault();
  if (!state.example) {
    showError('Pick a patient first', 'The order is for the patient picked in step 1.');
    $('patient-select').focus();
    return;
  }
  const read = readOrderForm();
  if (read.error) {
    showDoseError(read.error);
    return;
  }
  if (!state.composingId || !state.drafts.has(state.composingId)) {
    state.composingId = nextDraftId();
  }
  const draft = medicationRequest(state.composingId, state.example.patient.id, read.order);
  state.drafts.set(draft.id, draft);
  renderDrafts();
  await callHook('ldn-order-select', {
    hook: 'order-select',
    hookInstance: uuid(),
    context: {
      userId: USER,
      patientId: state.example.patient.id,
      selections: [`MedicationRequest/${draft.id}`],
      draftOrders: collection([...state.drafts.values()]),
    },
    prefetch: prefetch(),
  });
}

async function signOrders() {
  if (!state.example || state.drafts.size === 0) {
    return;
  }
  await callHook('ldn-order-sign', {
    hook: 'order-sign',
    hookInstance: uuid(),
    context: {
      userId: USER,
      patientId: state.example.patient.id,
      draftOrders: collection([...state.drafts.values()]),
    },
    prefetch: prefetch(),
  });
}

async function sendRaw() {
  const service = $('raw-service').value;
  const text = $('raw-request').value;
  await callHook(service, text);
}

async function callHook(serviceId, body) {
  clearCards();
  setStatus(`Calling ${serviceId}…`, true);
  const exchange = await postSigned(`/cds-services/${serviceId}`, body);
  state.lastRequest = exchange.requestText;
  $('raw-request').value = exchange.requestText;
  $('raw-service').value = serviceId;
  logExchange(`${serviceId}`, exchange);
  if (!exchange.ok) {
    setStatus(`The call to ${serviceId} failed.`);
    showCallError(serviceId, exchange);
    showAnswer();
    return;
  }
  const cards = (exchange.json && exchange.json.cards) || [];
  const counts = countBy(cards.map((card) => card.indicator));
  setStatus(cards.length === 0
    ? `${serviceId} answered with no cards: nothing to say about this order.`
    : `${serviceId} answered with ${cards.length} card${cards.length === 1 ? '' : 's'}: ${counts}.`);
  const container = $('cards');
  for (const card of cards) {
    container.append(renderCard(card, {
      onAccept: (answered, suggestion) => accept(serviceId, answered, suggestion),
      onOverride: (answered, reason, comment) => override(serviceId, answered, reason, comment),
    }));
  }
  showAnswer();
}

/**
 * Brings the answer into view and moves focus to its heading, so that the next Tab
 * reaches the first card's buttons; the status line is read out by screen readers.
 */
function showAnswer() {
  const heading = $('cards-heading');
  heading.focus({ preventScroll: true });
  heading.scrollIntoView({ block: 'start', behavior: 'auto' });
}

function countBy(values) {
  const counts = new Map();
  values.forEach((value) => counts.set(value, (counts.get(value) || 0) + 1));
  return [...counts].map(([value, count]) => `${count} ${value}`).join(', ');
}

// ---------------------------------------------------------------- feedback

async function accept(serviceId, card, suggestion) {
  const done = applyActions(suggestion.actions);
  const result = await sendFeedback(serviceId, {
    card: card.uuid,
    outcome: 'accepted',
    acceptedSuggestions: [{ id: suggestion.uuid }],
    outcomeTimestamp: new Date().toISOString(),
  });
  const applied = done.length ? ` In the order: ${done.join('; ')}.` : '';
  return result.ok
    ? { ok: true, message: `Accepted “${suggestion.label}”.${applied} ${result.message}` }
    : result;
}

async function override(serviceId, card, reason, comment) {
  const item = { card: card.uuid, outcome: 'overridden', outcomeTimestamp: new Date().toISOString() };
  if (reason || comment) {
    item.overrideReason = {};
    if (reason) {
      item.overrideReason.reason = { system: reason.system, code: reason.code };
    }
    if (comment) {
      item.overrideReason.userComment = comment;
    }
  }
  const result = await sendFeedback(serviceId, item);
  const why = reason ? ` with the reason “${reason.display || reason.code}”` : ' without a reason';
  return result.ok ? { ok: true, message: `Overridden${why}. ${result.message}` } : result;
}

async function sendFeedback(serviceId, item) {
  const exchange = await postSigned(`/cds-services/${serviceId}/feedback`, { feedback: [item] });
  logExchange(`${serviceId}/feedback`, exchange);
  if (exchange.ok && exchange.json) {
    return {
      ok: true,
      message: `Feedback sent: received ${exchange.json.received}, stored ${exchange.json.stored}.`,
    };
  }
  return { ok: false, message: `Feedback refused: ${describeFailure(exchange)}` };
}

// ---------------------------------------------------------------- status, errors, exchanges

function setStatus(text, busy = false) {
  const status = $('call-status');
  status.textContent = text;
  $('cards').setAttribute('aria-busy', busy ? 'true' : 'false');
}

function clearCards() {
  $('cards').replaceChildren();
  const panel = $('error-panel');
  panel.hidden = true;
  panel.replaceChildren();
}

function describeFailure(exchange) {
  if (exchange.networkError) {
    return exchange.networkError;
  }
  const body = exchange.json || {};
  const code = body.error ? ` ${body.error}` : '';
  const detail = body.detail || exchange.responseText || 'no detail given';
  return `HTTP ${exchange.status}${code}: ${detail}`;
}

function showCallError(serviceId, exchange) {
  const body = exchange.json || {};
  const hint = {
    400: 'The request is not a valid CDS Hooks call: the detail names the field to fix.',
    401: 'The service needs a client token. The demo client gives one only to browsers on the service\'s own machine, while it is enabled.',
    404: 'There is no such service.',
    412: 'Prefetch data the service needs could not be obtained.',
    413: 'The request is too large.',
    415: 'The request must be sent as application/json.',
  }[exchange.status];
  const title = exchange.status === 0
    ? 'The service could not be reached'
    : `${serviceId} refused the call: HTTP ${exchange.status}${body.error ? ' ' + body.error : ''}`;
  const parts = [];
  if (exchange.networkError) {
    parts.push(el('p', {}, exchange.networkError));
  }
  if (body.detail) {
    parts.push(el('p', { className: 'error-panel__detail' }, body.detail));
  }
  if (body.missingPrefetch && body.missingPrefetch.length) {
    parts.push(el('p', {}, 'Missing prefetch: ' + body.missingPrefetch.join(', ')));
  }
  if (hint) {
    parts.push(el('p', { className: 'hint' }, hint));
  }
  if (exchange.responseText) {
    parts.push(el('details', {}, el('summary', {}, 'Error response JSON'),
      el('pre', { className: 'json' }, pretty(exchange.responseText))));
  }
  showErrorParts(title, parts);
}

function showError(title, detail) {
  showErrorParts(title, [el('p', {}, detail)]);
}

function showErrorParts(title, parts) {
  const panel = $('error-panel');
  panel.replaceChildren(el('h3', { className: 'error-panel__title' }, title), ...parts);
  panel.hidden = false;
}

function pretty(text) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch (e) {
    return text;
  }
}

function logExchange(label, exchange) {
  state.exchangeCount += 1;
  const status = exchange.status === 0 ? 'no answer' : `HTTP ${exchange.status}`;
  const claims = exchange.tokenClaims
    ? `Authorization: Bearer <JWT, iss ${exchange.tokenClaims.iss}, aud ${exchange.tokenClaims.aud}, jti ${exchange.tokenClaims.jti}>`
    : (exchange.authentication || '');
  const item = el('li', { className: 'exchange' + (exchange.ok ? '' : ' exchange--failed'), dataset: { status: String(exchange.status) } },
    el('p', { className: 'exchange__title' },
      el('span', { className: 'exchange__status' }, status), ` POST ${new URL(exchange.url).pathname}`,
      el('span', { className: 'facts__meta' }, ` · ${exchange.at.toLocaleTimeString()}`)),
    el('details', { className: 'exchange__request' }, el('summary', {}, `Request JSON (${label})`),
      el('p', { className: 'facts__meta' }, claims),
      el('pre', { className: 'json', tabindex: '0' }, pretty(exchange.requestText))),
    el('details', { className: 'exchange__response' }, el('summary', {}, `Response JSON (${status})`),
      el('pre', { className: 'json', tabindex: '0' }, exchange.networkError || pretty(exchange.responseText || ''))));
  $('exchanges').prepend(item);
}

// ---------------------------------------------------------------- start

function start() {
  fillProducts();
  renderDrafts();
  $('patient-select').addEventListener('change', (event) => pickPatient(event.target.value));
  $('order-product').addEventListener('change', updateFormForProduct);
  for (const id of ['order-dose', 'order-frequency', 'order-when']) {
    $(id).addEventListener('input', updatePreview);
    $(id).addEventListener('change', updatePreview);
  }
  $('order-form').addEventListener('submit', selectOrder);
  $('new-order').addEventListener('click', () => {
    state.composingId = null;
    $('order-preview').textContent = 'A new order: the next selection adds it beside the drafts.';
  });
  $('sign-orders').addEventListener('click', signOrders);
  $('raw-send').addEventListener('click', sendRaw);
  fillOrderForm({ product: 'naltrexone', dose: 1.5, frequency: 1, when: 'HS' });
  loadExamples().then(() => document.body.setAttribute('data-ready', 'true'));
}

start();
