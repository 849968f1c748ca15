import { contentNodes } from './contentNodes.js';

/**
 * A rep's or bot's `abstractMessage` (as the transcript holds it) read into the typed content the
 * handoff client gives its sinks, then shown by `contentNodes`: the console and the widget draw
 * every message the same way. Lenient: anything unreadable becomes `unsupported`.
 */

const str = (v) => (typeof v === 'string' ? v : '');
const list = (v) => (Array.isArray(v) ? v.filter((x) => x && typeof x === 'object') : []);
const titleOf = (item) => str(item?.titleItem?.title) || str(item?.title);

function staticContent(c) {
  switch (c.formatType) {
    case 'Text':
      return { kind: 'text', text: str(c.text) };
    case 'Attachments':
    case 'ExternalAttachments':
      return { kind: 'attachments', text: str(c.text), attachments: list(c.attachments).map((a) => ({ name: str(a.name), mimeType: str(a.mimeType), url: a.url })) };
    case 'RichLink':
      return { kind: 'richLink', url: str(c.linkItem?.url), title: titleOf(c.linkItem), imageUrl: c.image?.assetUrl, imageAlt: str(c.image?.description) };
    case 'WebView':
      return { kind: 'webView', url: str(c.url), title: str(c.title) };
    default:
      return { kind: 'unsupported', messageType: 'StaticContentMessage', formatType: str(c.formatType) };
  }
}

const option = (o) => ({ id: str(o.optionIdentifier), title: titleOf(o), subtitle: str(o.titleItem?.subTitle), imageUrl: o.image?.assetUrl, imageAlt: str(o.image?.description) });

function formInput(i) {
  const options = i.inputType === 'SingleSelect' || i.inputType === 'MultiSelect' ? list(i.optionItems).map(option) : undefined;
  return { name: str(i.name), type: str(i.inputType) || 'Text', label: titleOf(i.label ? { titleItem: i.label } : null), required: i.required === true, ...(options ? { options } : {}) };
}

/** The typed content of an abstractMessage. */
export function readAbstractMessage(message) {
  if (!message || typeof message !== 'object') return { kind: 'unsupported', messageType: 'message' };
  if (message.staticContent) return staticContent(message.staticContent);
  if (message.choices) return { kind: 'choices', format: str(message.choices.formatType), text: str(message.choices.text), options: list(message.choices.optionItems).map(option) };
  if (message.form) {
    const f = message.form;
    const inputs = list(f.sections).flatMap((s) => list(s.inputs)).map(formInput).filter((i) => i.name);
    return { kind: 'form', title: titleOf({ titleItem: f.formTitle }), message: titleOf({ titleItem: f.message }), submitLabel: titleOf({ titleItem: f.reply }), inputs };
  }
  return { kind: 'unsupported', messageType: str(message.messageType) };
}

/** The nodes showing one abstractMessage (`options` as `contentNodes` takes them). */
export function richContent(message, options = {}) {
  return contentNodes(readAbstractMessage(message), options);
}
