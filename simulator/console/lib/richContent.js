import { el } from './dom.js';

/**
 * A rep's or bot's `abstractMessage` as people see it: files as links, a RichLink as a card,
 * choices as buttons, a form as a card. Built with textContent only (never markup from data), and
 * a URL becomes a link or an image only when it is http(s).
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
const titleOf = (item) => str(item?.titleItem?.title) || str(item?.title);
const host = (url) => new URL(url).host;

/** A link that opens outside the page, or the bare text when the URL is not http(s). */
function outLink(url, text, attrs = {}) {
  const href = safeUrl(url);
  return href ? el('a', { href, target: '_blank', rel: 'noopener noreferrer', ...attrs }, text) : el('span', attrs, text);
}

function attachments(content) {
  return [
    str(content.text) ? el('p', { class: 'rich-text' }, content.text) : null,
    el('ul', { class: 'files' }, list(content.attachments).map((a) => el('li', {}, outLink(a.url, str(a.name) || 'file', { class: 'file', download: str(a.name) || true }), str(a.mimeType) ? el('span', { class: 'muted' }, ` ${a.mimeType}`) : null))),
  ];
}

function richLink(content) {
  const url = str(content.linkItem?.url);
  const image = safeUrl(content.image?.assetUrl);
  const title = titleOf(content.linkItem) || url;
  const href = safeUrl(url);
  return el(
    href ? 'a' : 'div',
    { class: 'link-card', href: href ?? undefined, target: href ? '_blank' : undefined, rel: href ? 'noopener noreferrer' : undefined },
    image ? el('img', { src: image, alt: str(content.image?.description) }) : null,
    el('span', { class: 'link-title' }, title),
    href ? el('span', { class: 'link-host muted' }, host(href)) : null,
  );
}

function staticContent(content) {
  switch (content.formatType) {
    case 'Text':
      return el('span', { class: 'rich-text' }, str(content.text));
    case 'Attachments':
      return attachments(content);
    case 'RichLink':
      return richLink(content);
    case 'WebView':
      return outLink(content.url, `Open: ${str(content.title) || str(content.url)}`, { class: 'link-card' });
    default:
      return el('span', { class: 'muted' }, `[${str(content.formatType) || 'message'}]`);
  }
}

/** Choices as buttons (a Carousel as cards with a button each); disabled once chosen, or without `onChoose`. */
function choices(content, { onChoose, chosen = [] }) {
  const answered = chosen.length > 0;
  const button = (o) =>
    el(
      'button',
      { type: 'button', class: 'choice', 'data-option-id': str(o.optionIdentifier), 'aria-pressed': chosen.includes(o.optionIdentifier) ? 'true' : undefined, disabled: answered || !onChoose, onclick: onChoose ? () => onChoose(o) : undefined },
      titleOf(o) || '?',
    );
  const carousel = content.formatType === 'Carousel';
  const card = (o) => {
    const image = safeUrl(o.image?.assetUrl);
    return el('li', { class: 'carousel-card' }, image ? el('img', { src: image, alt: str(o.image?.description) }) : null, str(o.titleItem?.subTitle) ? el('span', { class: 'muted' }, o.titleItem.subTitle) : null, button(o));
  };
  return [
    str(content.text) ? el('p', { class: 'rich-text' }, content.text) : null,
    carousel ? el('ul', { class: 'carousel' }, list(content.optionItems).map(card)) : el('div', { class: `choices choices-${str(content.formatType).toLowerCase()}`, role: 'group', 'aria-label': str(content.text) || 'Choices' }, list(content.optionItems).map(button)),
  ];
}

function form(content) {
  return el('div', { class: 'form-card' }, el('strong', {}, titleOf({ titleItem: content.formTitle }) || 'Form'), str(content.message?.title) ? el('p', {}, content.message.title) : null);
}

/** The nodes showing one abstractMessage. */
export function richContent(message, options = {}) {
  if (!message || typeof message !== 'object') return [];
  if (message.staticContent) return staticContent(message.staticContent);
  if (message.choices) return choices(message.choices, options);
  if (message.form) return form(message.form);
  return el('span', { class: 'muted' }, `[${str(message.messageType) || 'message'}]`);
}
