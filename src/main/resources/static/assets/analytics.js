// The rule analytics page: GET /analytics/rules for a window, as tiles, charts and a table.
import { el } from './cards.js';

const Chart = window.Chart;
const COLOURS = { shown: '#5a6672', accepted: '#1d6fb8', overridden: '#c25400' };
if (Chart) {
  Chart.defaults.color = '#1b1f24';
  Chart.defaults.font.size = 14;
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
}
const charts = {};

const $ = (id) => document.getElementById(id);

function isoDate(date) {
  return date.toISOString().slice(0, 10);
}

function daysAgo(days) {
  const date = new Date();
  date.setUTCDate(date.getUTCDate() - days);
  return isoDate(date);
}

function setWindow(days) {
  $('from').value = daysAgo(days - 1);
  $('to').value = daysAgo(0);
}

async function load() {
  const from = $('from').value;
  const to = $('to').value;
  hideError();
  if (!from || !to || from > to) {
    showError('Choose a window', 'The start date must be on or before the end date.');
    return;
  }
  // The API's end is exclusive: the day after the last day shown.
  const end = new Date(to + 'T00:00:00Z');
  end.setUTCDate(end.getUTCDate() + 1);
  const url = `/analytics/rules?from=${from}&to=${isoDate(end)}`;
  $('analytics-status').textContent = 'Loading…';
  let response;
  let body = null;
  try {
    response = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' });
    body = await response.json().catch(() => null);
  } catch (e) {
    $('analytics-status').textContent = '';
    showError('The service could not be reached', e.message);
    return;
  }
  if (!response.ok) {
    $('analytics-status').textContent = '';
    const hint = response.status === 401 || response.status === 403
      ? 'Rule analytics are for administrators: sign in with the admin credentials, or open this page on the service\'s own machine when none are configured.'
      : '';
    showError(`GET /analytics/rules answered HTTP ${response.status}${body && body.error ? ' ' + body.error : ''}`,
      [body && body.detail, hint].filter(Boolean).join(' '));
    return;
  }
  render(body, from, to);
  const rules = (body.rules || []).length;
  $('analytics-status').textContent = `${from} to ${to}: ${rules} rule${rules === 1 ? '' : 's'} issued cards.`;
  document.body.setAttribute('data-loaded', String(Date.now()));
}

function render(answer, from, to) {
  // Empty lists are left out of the API's JSON; days without cards are not listed.
  const data = { rules: answer.rules || [], trend: everyDay(answer.trend || [], from, to) };
  const total = (key) => data.rules.reduce((sum, row) => sum + row[key], 0);
  const shown = total('shown');
  const accepted = total('accepted');
  const overridden = total('overridden');
  $('totals').replaceChildren(
    tile(shown, 'cards shown', 'total-shown'),
    tile(accepted, 'accepted', 'total-accepted'),
    tile(overridden, 'overridden', 'total-overridden'),
    tile(shown === 0 ? '–' : `${Math.round((overridden / shown) * 100)}%`, 'override rate', 'total-rate'));
  renderTable(data.rules);
  renderRuleChart(data.rules);
  renderReasonChart(data.rules);
  renderTrendChart(data.trend);
}

/** The trend with a zero for each day of the window that had no cards. */
function everyDay(trend, from, to) {
  const byDay = new Map(trend.map((day) => [day.day, day]));
  const days = [];
  for (const date = new Date(from + 'T00:00:00Z'); isoDate(date) <= to; date.setUTCDate(date.getUTCDate() + 1)) {
    const day = isoDate(date);
    days.push(byDay.get(day) || { day, shown: 0, accepted: 0, overridden: 0 });
  }
  return days;
}

function tile(value, label, id) {
  return el('li', { className: 'tile', id }, el('span', { className: 'tile__value' }, String(value)),
    el('span', { className: 'tile__label' }, label));
}

function renderTable(rows) {
  const body = $('rules-body');
  if (rows.length === 0) {
    body.replaceChildren(el('tr', {}, el('td', { colspan: '7', className: 'empty' }, 'No cards were shown in this window.')));
    return;
  }
  body.replaceChildren(...rows.map((row) => el('tr', { dataset: { rule: row.rule, indicator: row.indicator } },
    el('th', { scope: 'row', className: 'rule-name' }, row.rule),
    el('td', {}, el('span', { className: `badge badge--${row.indicator}` }, row.indicator)),
    el('td', { className: 'num shown' }, String(row.shown)),
    el('td', { className: 'num accepted' }, String(row.accepted)),
    el('td', { className: 'num overridden' }, String(row.overridden)),
    el('td', { className: 'num rate' }, `${Math.round(row.overrideRate * 100)}%`),
    el('td', { className: 'reasons' }, (row.overrideReasons || []).length === 0
      ? el('span', { className: 'empty' }, 'none')
      : el('ul', { className: 'reason-list' }, row.overrideReasons.map((reason) =>
        el('li', { dataset: { code: reason.code } }, `${reasonLabel(reason)} (${reason.count})`)))))));
}

/** A reason as listed and charted: a client's own reason (not offered by the card) says so. */
function reasonLabel(reason) {
  return reason.byClient ? `${reason.display} (client's own reason)` : reason.display;
}

/**
 * A long name as at most two lines of about 30 characters for a chart axis; the table and
 * the tooltips have it in full.
 */
function shortLabel(text, width = 30) {
  const lines = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && (line + ' ' + word).length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? line + ' ' + word : word;
    }
  }
  lines.push(line);
  if (lines.length <= 2) {
    return lines;
  }
  const second = lines[1].length > width - 1 ? lines[1].slice(0, width - 1) : lines[1];
  return [lines[0], second + '…'];
}

/** Horizontal bar charts grow with their number of bars, so that each stays readable. */
function sizeFor(canvasId, bars, perBar) {
  const box = $(canvasId).parentElement;
  box.style.height = `${Math.max(14, 5 + bars * perBar)}rem`;
}

function baseOptions(extra = {}) {
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    plugins: { legend: { position: 'bottom', labels: { font: { size: 14 } } } },
    ...extra,
  };
}

function draw(key, canvasId, config) {
  if (!Chart) {
    return;
  }
  if (charts[key]) {
    charts[key].destroy();
  }
  charts[key] = new Chart($(canvasId), config);
}

function renderRuleChart(rows) {
  sizeFor('chart-rules', rows.length, 4.5);
  draw('rules', 'chart-rules', {
    type: 'bar',
    data: {
      labels: rows.map((row) => shortLabel(row.rule)),
      datasets: ['shown', 'accepted', 'overridden'].map((key) => ({
        label: key[0].toUpperCase() + key.slice(1),
        data: rows.map((row) => row[key]),
        backgroundColor: COLOURS[key],
        maxBarThickness: 28,
      })),
    },
    options: baseOptions({
      indexAxis: 'y',
      scales: { x: { beginAtZero: true, ticks: { precision: 0, font: { size: 13 } } }, y: { ticks: { font: { size: 13 } } } },
      plugins: {
        legend: { position: 'bottom', labels: { font: { size: 14 } } },
        tooltip: { callbacks: { title: (items) => rows[items[0].dataIndex].rule } },
      },
    }),
  });
}

function renderReasonChart(rows) {
  const byReason = new Map();
  for (const row of rows) {
    for (const reason of row.overrideReasons || []) {
      const label = reasonLabel(reason);
      byReason.set(label, (byReason.get(label) || 0) + reason.count);
    }
  }
  const reasons = [...byReason].sort((a, b) => b[1] - a[1]);
  $('reasons-empty').hidden = reasons.length > 0;
  $('chart-reasons').parentElement.hidden = reasons.length === 0;
  sizeFor('chart-reasons', reasons.length, 3.5);
  draw('reasons', 'chart-reasons', {
    type: 'bar',
    data: {
      labels: reasons.map(([display]) => shortLabel(display)),
      datasets: [{ label: 'Cards overridden with this reason', data: reasons.map(([, count]) => count), backgroundColor: COLOURS.overridden, maxBarThickness: 40 }],
    },
    options: baseOptions({
      indexAxis: 'y',
      scales: { x: { beginAtZero: true, ticks: { precision: 0, font: { size: 13 } } }, y: { ticks: { font: { size: 13 } } } },
      plugins: {
        legend: { position: 'bottom', labels: { font: { size: 14 } } },
        tooltip: { callbacks: { title: (items) => reasons[items[0].dataIndex][0] } },
      },
    }),
  });
}

function renderTrendChart(days) {
  draw('trend', 'chart-trend', {
    type: 'line',
    data: {
      labels: days.map((day) => day.day),
      datasets: ['shown', 'accepted', 'overridden'].map((key, index) => ({
        label: key[0].toUpperCase() + key.slice(1),
        data: days.map((day) => day[key]),
        borderColor: COLOURS[key],
        backgroundColor: COLOURS[key],
        borderDash: [[], [6, 4], [2, 3]][index],
        pointStyle: ['circle', 'rect', 'triangle'][index],
        pointRadius: days.length > 45 ? 2 : 4,
        borderWidth: 3,
      })),
    },
    options: baseOptions({
      scales: { y: { beginAtZero: true, ticks: { precision: 0, font: { size: 13 } } }, x: { ticks: { font: { size: 13 } } } },
    }),
  });
}

function showError(title, detail) {
  const panel = $('error-panel');
  panel.replaceChildren(el('h3', { className: 'error-panel__title' }, title), el('p', {}, detail || ''));
  panel.hidden = false;
}

function hideError() {
  $('error-panel').hidden = true;
}

function start() {
  if (!Chart) {
    showError('Charts unavailable', 'The chart library did not load; the table still shows every figure.');
  }
  setWindow(30);
  $('window-form').addEventListener('submit', (event) => {
    event.preventDefault();
    load();
  });
  $('last-7').addEventListener('click', () => { setWindow(7); load(); });
  $('last-30').addEventListener('click', () => { setWindow(30); load(); });
  load();
}

start();
