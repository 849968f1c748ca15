import { byId, fieldsFollow, showError } from './lib/dom.js';
import { parseFormFields } from './formFields.js';

/**
 * "Send a file, link, choices or form": the rep's rich messages, built as the abstractMessage
 * Salesforce documents (the simulator checks it and fills in the ids) and sent with
 * `POST /conversations/:id/messages {message}`. A refusal names the field, shown like any error.
 */
const lines = (text) => text.split('\n').map((l) => l.trim()).filter(Boolean);

/** The abstractMessage for what the form holds. */
export function composeMessage(f) {
  const text = f.text.value.trim();
  const kind = f.kind.value;
  switch (kind) {
    case 'Buttons':
    case 'QuickReplies':
    case 'Carousel':
      return { messageType: 'ChoicesMessage', choices: { formatType: kind, ...(text ? { text } : {}), optionItems: lines(f.options.value).map((title) => ({ titleItem: { title } })) } };
    case 'Attachments': {
      const url = f.url.value.trim();
      const name = f.name.value.trim() || decodeURIComponent(url.split(/[?#]/)[0].split('/').pop() || 'file');
      return { messageType: 'StaticContentMessage', staticContent: { formatType: 'Attachments', ...(text ? { text } : {}), attachments: [{ name, mimeType: f.mimeType.value.trim() || 'application/octet-stream', url }] } };
    }
    case 'RichLink': {
      const title = f.name.value.trim() || text;
      return { messageType: 'StaticContentMessage', staticContent: { formatType: 'RichLink', linkItem: { url: f.url.value.trim(), ...(title ? { titleItem: { title } } : {}) } } };
    }
    default: {
      const inputs = parseFormFields(f.formFields.value);
      const message = f.formMessage.value.trim();
      return { messageType: 'FormMessage', form: { formatType: 'Inputs', formTitle: { title: text || 'Form' }, ...(message ? { message: { title: message } } : {}), ...(inputs.length ? { sections: [{ inputs }] } : {}) } };
    }
  }
}

/** Wire the form: `send(message)` posts it for the open conversation (and reports a refusal). */
export function createRichComposer({ send }) {
  const form = byId('rich-form');
  fieldsFollow(form, form.elements.kind);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    let message;
    try {
      message = composeMessage(form.elements);
    } catch (err) {
      return showError(err.message);
    }
    if (await send(message)) {
      for (const name of ['text', 'options', 'url', 'name', 'formMessage', 'formFields']) form.elements[name].value = '';
    }
    return undefined;
  });
  return {
    setEnabled(on) {
      for (const control of form.elements) control.disabled = !on;
    },
  };
}
