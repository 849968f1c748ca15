import { el } from './dom.js';
import { formCard } from './formNodes.js';

/**
 * A rep's or bot's message as people see it, from its typed content (the handoff client's
 * `content`: text, attachments, richLink, webView, choices, form, unsupported): files as links, a
 * link as a card, choices as buttons, a form as a card or, to answer, a form. Built with text nodes
 * only (never markup from data), and a URL becomes a link or an image only when it is http(s).
 */

/** The URL if it is http(s), else null (no javascript:, data: or relative URLs from a message). */
export function safeUrl(value) {
  try {
    const url = new URL(String(value));
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

const str = (v) => (typeof v === 'string' ? v : '');
const list = (v) => (Array.isArray(v) ? v.filter((x) => x && typeof x === 'object') : []);
const paragraph = (text) => (str(text) ? el('p', { class: 'rich-text' }, text) : null);

/** A link that opens outside the page, or the bare text when the URL is not http(s). */
function outLink(url, text, attrs = {}) {
  const href = safeUrl(url);
  return href ? el('a', { href, target: '_blank', rel: 'noopener noreferrer', ...attrs }, text) : el('span', attrs, text);
}

function files(content) {
  const file = (a) => el('li', {}, outLink(a.url, str(a.name) || 'file', { class: 'file', download: str(a.name) || true }), str(a.mimeType) ? el('span', { class: 'muted' }, ` ${a.mimeType}`) : null);
  return [paragraph(content.text), el('ul', { class: 'files' }, list(content.attachments).map(file))];
}

function linkCard(content) {
  const href = safeUrl(content.url);
  const image = safeUrl(content.imageUrl);
  return el(
    href ? 'a' : 'div',
    { class: 'link-card', href: href ?? undefined, target: href ? '_blank' : undefined, rel: href ? 'noopener noreferrer' : undefined },
    image ? el('img', { src: image, alt: str(content.imageAlt) }) : null,
    el('span', { class: 'link-title' }, str(content.title) || str(content.url)),
    href ? el('span', { class: 'link-host muted' }, new URL(href).host) : null,
  );
}

/** Choices as buttons (a Carousel as cards with a button each); disabled once chosen, or without `onChoose`. */
function choices(content, { onChoose, chosen = [] }) {
  const answered = chosen.length > 0;
  const button = (o) =>
    el('button', { type: 'button', class: 'choice', 'data-option-id': str(o.id), 'aria-pressed': chosen.includes(o.id) ? 'true' : undefined, disabled: answered || !onChoose, onclick: onChoose ? () => onChoose(o) : undefined }, str(o.title) || '?');
  const card = (o) => {
    const image = safeUrl(o.imageUrl);
    return el('li', { class: 'carousel-card' }, image ? el('img', { src: image, alt: str(o.imageAlt) || str(o.title) }) : null, str(o.subtitle) ? el('span', { class: 'muted' }, o.subtitle) : null, button(o));
  };
  const options = list(content.options);
  return [
    paragraph(content.text),
    content.format === 'Carousel'
      ? el('ul', { class: 'carousel' }, options.map(card))
      : el('div', { class: `choices choices-${str(content.format).toLowerCase()}`, role: 'group', 'aria-label': str(content.text) || 'Choices' }, options.map(button)),
  ];
}

/**
 * The nodes showing one message's content. `options`: `chosen` (option ids the customer chose) and
 * `onChoose(option)` for choices; `answer` (a form's values sent) and `onSubmit(values)` for a form.
 */
export function contentNodes(content, options = {}) {
  switch (content?.kind) {
    case 'text':
      return el('span', { class: 'rich-text' }, str(content.text));
    case 'attachments':
      return files(content);
    case 'richLink':
      return linkCard(content);
    case 'webView':
      return outLink(content.url, `Open: ${str(content.title) || str(content.url)}`, { class: 'link-card' });
    case 'choices':
      return choices(content, options);
    case 'form':
      return formCard(content, options);
    default:
      return el('span', { class: 'muted' }, `[${str(content?.formatType) || str(content?.messageType) || 'message'}]`);
  }
}
