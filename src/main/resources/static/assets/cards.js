// Renders CDS Hooks cards the way EHRs show them: indicator (colour, icon and word),
// summary, detail from markdown, source, suggestions, links, and an override control.
import { marked } from '/webjars/marked/lib/marked.esm.js';
import DOMPurify from '/webjars/dompurify/dist/purify.es.mjs';

const INDICATORS = {
  critical: { word: 'Critical', icon: 'critical' },
  warning: { word: 'Warning', icon: 'warning' },
  info: { word: 'Info', icon: 'info' },
};

// Card text comes from a service: it is untrusted. Markdown is rendered, then sanitised;
// links open in a new tab without handing it this page.
DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A') {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  }
});

export function markdownToSafeHtml(markdown) {
  const html = marked.parse(markdown || '', { async: false, gfm: true, breaks: false });
  return DOMPurify.sanitize(html, {
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'img'],
    FORBID_ATTR: ['style', 'id', 'class'],
  });
}

/** A small element: el('p', {className: 'x'}, 'text', child...). */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (name === 'className') {
      element.className = value;
    } else if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2).toLowerCase(), value);
    } else {
      element.setAttribute(name, value === true ? '' : value);
    }
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) {
      element.append(child instanceof Node ? child : String(child));
    }
  }
  return element;
}

const SVG = 'http://www.w3.org/2000/svg';

/** The indicator's icon: an octagon, a triangle or a circle, drawn, not a font glyph. */
export function indicatorIcon(kind) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', '22');
  svg.setAttribute('height', '22');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.classList.add('indicator-icon');
  const shape = document.createElementNS(SVG, 'path');
  const mark = document.createElementNS(SVG, 'path');
  if (kind === 'critical') {
    shape.setAttribute('d', 'M8 2h8l6 6v8l-6 6H8l-6-6V8z');
    mark.setAttribute('d', 'M8.5 8.5l7 7M15.5 8.5l-7 7');
  } else if (kind === 'warning') {
    shape.setAttribute('d', 'M12 2l11 20H1z');
    mark.setAttribute('d', 'M12 9v6M12 17.5v1.5');
  } else {
    shape.setAttribute('d', 'M12 1.5a10.5 10.5 0 1 0 0 21a10.5 10.5 0 1 0 0-21z');
    mark.setAttribute('d', 'M12 10.5v7M12 6.5v1.5');
  }
  shape.setAttribute('fill', 'currentColor');
  mark.setAttribute('stroke', '#fff');
  mark.setAttribute('stroke-width', '2.4');
  mark.setAttribute('stroke-linecap', 'round');
  mark.setAttribute('fill', 'none');
  svg.append(shape, mark);
  return svg;
}

/**
 * A card element.
 * @param card the CDS Hooks card
 * @param handlers {onAccept(card, suggestion), onOverride(card, reasonCoding|null, comment)}:
 *   each returns a promise of {ok, message}
 */
export function renderCard(card, handlers) {
  const indicator = INDICATORS[card.indicator] || INDICATORS.info;
  const id = 'card-' + card.uuid;
  const status = el('p', { className: 'card__status', role: 'status', 'aria-live': 'polite' });
  const controls = [];

  const article = el('article', {
    className: `card card--${card.indicator in INDICATORS ? card.indicator : 'info'}`,
    'aria-labelledby': id + '-summary',
    dataset: { cardUuid: card.uuid, indicator: card.indicator },
  });

  const header = el('header', { className: 'card__header' },
    el('span', { className: 'card__indicator' }, indicatorIcon(indicator.icon), indicator.word),
    el('h3', { className: 'card__summary', id: id + '-summary' }, card.summary));
  article.append(header);

  const finish = (result) => {
    status.textContent = result.message;
    status.classList.toggle('card__status--error', !result.ok);
    if (result.ok) {
      controls.forEach((control) => { control.disabled = true; });
      article.classList.add('card--answered');
    } else {
      controls.forEach((control) => { control.disabled = false; });
    }
  };

  const suggestions = card.suggestions || [];
  if (suggestions.length > 0) {
    const group = el('div', { className: 'card__suggestions', role: 'group', 'aria-label': 'Suggestions' });
    for (const suggestion of suggestions) {
      const describe = (suggestion.actions || []).map((action) => action.description).filter(Boolean).join(' ');
      const button = el('button', {
        type: 'button',
        className: 'btn btn--suggestion' + (suggestion.isRecommended ? ' btn--recommended' : ''),
        dataset: { suggestionUuid: suggestion.uuid },
        title: describe || null,
      }, suggestion.isRecommended ? 'Recommended: ' : '', suggestion.label || 'Accept');
      button.addEventListener('click', async () => {
        controls.forEach((control) => { control.disabled = true; });
        status.textContent = 'Sending feedback…';
        finish(await handlers.onAccept(card, suggestion));
      });
      controls.push(button);
      group.append(button);
    }
    article.append(group);
  }

  // The detail is open on critical and warning cards; information cards keep it folded
  // so that several fit on a screen.
  if (card.detail) {
    const detail = el('div', { className: 'card__detail markdown' });
    detail.innerHTML = markdownToSafeHtml(card.detail);
    article.append(el('details', { className: 'card__more', open: card.indicator !== 'info' },
      el('summary', {}, 'Details and evidence'), detail));
  }

  if (card.source && card.source.label) {
    const source = card.source.url
      ? el('a', { href: card.source.url, target: '_blank', rel: 'noopener noreferrer' }, card.source.label,
        el('span', { className: 'visually-hidden' }, ' (opens in a new tab)'))
      : el('span', {}, card.source.label);
    article.append(el('p', { className: 'card__source' }, el('span', { className: 'card__label' }, 'Source: '), source));
  }

  const links = card.links || [];
  if (links.length > 0) {
    article.append(el('ul', { className: 'card__links' }, links.map((link) => el('li', {},
      el('a', { href: link.url, target: '_blank', rel: 'noopener noreferrer' }, link.label,
        link.type === 'smart' ? ' (SMART app: the sandbox opens it without a launch context)' : '',
        el('span', { className: 'visually-hidden' }, ' (opens in a new tab)'))))));
  }

  const reasons = card.overrideReasons || [];
  const override = el('div', { className: 'card__override' });
  const reasonId = id + '-reason';
  const commentId = id + '-comment';
  // A card that offers no reasons can still be overridden, without one.
  const reasonSelect = reasons.length === 0 ? null : el('select', { id: reasonId, className: 'override-reason' },
    el('option', { value: '' }, 'Choose a reason (optional)'),
    reasons.map((reason, index) => el('option', { value: String(index) }, reason.display || reason.code)));
  const comment = el('input', { id: commentId, type: 'text', className: 'override-comment', autocomplete: 'off', maxlength: '500' });
  const overrideButton = el('button', { type: 'button', className: 'btn btn--override' }, 'Override');
  overrideButton.addEventListener('click', async () => {
    const index = reasonSelect ? reasonSelect.value : '';
    const reason = index === '' ? null : reasons[Number(index)];
    controls.forEach((control) => { control.disabled = true; });
    status.textContent = 'Sending feedback…';
    finish(await handlers.onOverride(card, reason, comment.value.trim()));
  });
  controls.push(...[reasonSelect, comment, overrideButton].filter(Boolean));
  override.append(...[
    reasonSelect && el('div', { className: 'field field--reason' }, el('label', { for: reasonId }, 'Override reason'), reasonSelect),
    el('div', { className: 'field' }, el('label', { for: commentId }, 'Comment (optional, not stored)'), comment),
    el('div', { className: 'field field--button' }, overrideButton),
  ].filter(Boolean));
  article.append(override, status);
  return article;
}
