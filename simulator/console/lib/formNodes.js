import { el } from './dom.js';

/**
 * A rep's form (its typed `inputs`: name, type, label, required, select options): a card listing
 * its fields, with the customer's answers once sent; or, given `onSubmit`, a form the customer
 * fills in. Required fields and each field's type are checked on the page first (the message names
 * the field); what Salesforce then refuses is shown the same way.
 */

const str = (v) => (typeof v === 'string' ? v : '');
const inputsOf = (content) => (Array.isArray(content.inputs) ? content.inputs.filter((i) => i && typeof i.name === 'string') : []);
const labelOf = (input) => str(input.label) || input.name;
const optionsOf = (input) => (Array.isArray(input.options) ? input.options.filter((o) => o && typeof o.id === 'string') : []);
const TYPES = { Email: 'email', Phone: 'tel', Number: 'number', Date: 'date' };
let forms = 0;

/** An answer as words: option titles for a select, the value itself otherwise. */
function answerText(input, value) {
  const titles = (ids) => ids.map((id) => optionsOf(input).find((o) => o.id === id)?.title ?? id).join(', ');
  if (Array.isArray(value)) return titles(value);
  return input.options ? titles([String(value)]) : String(value);
}

/** A FormResponse's `result` in words, field by field in the form's order ("Email: a@b.example; Topics: Order, Billing"). */
export function formAnswerText(content, result) {
  if (!result || typeof result !== 'object' || Array.isArray(result)) return 'form submitted';
  const inputs = inputsOf(content);
  const known = inputs.filter((i) => Object.hasOwn(result, i.name)).map((i) => `${labelOf(i)}: ${answerText(i, result[i.name])}`);
  const other = Object.keys(result).filter((name) => !inputs.some((i) => i.name === name)).map((name) => `${name}: ${String(result[name])}`);
  return [...known, ...other].join('; ') || 'form submitted';
}

function heading(content) {
  return [el('strong', { class: 'form-title' }, str(content.title) || 'Form'), str(content.message) ? el('p', {}, content.message) : null];
}

/** The card: each field with its type (or the customer's answer). */
function card(content, answer) {
  const line = (input) => {
    const given = answer && Object.hasOwn(answer, input.name) ? answer[input.name] : undefined;
    const about = given !== undefined ? answerText(input, given) : [input.type, input.required ? 'required' : null, optionsOf(input).map((o) => o.title).join(' / ') || null].filter(Boolean).join(', ');
    return el('li', { 'data-input': input.name }, el('span', { class: 'form-label' }, labelOf(input)), ': ', el('span', { class: given !== undefined ? 'form-answer' : 'muted' }, about));
  };
  const inputs = inputsOf(content);
  return el('div', { class: 'form-card' }, heading(content), inputs.length ? el('ul', { class: 'form-fields' }, inputs.map(line)) : null, answer ? el('p', { class: 'muted' }, 'Sent.') : null);
}

/** One input's control, with its label. */
function field(input, id) {
  const required = Boolean(input.required);
  const label = [labelOf(input), required ? el('span', { class: 'required', 'aria-hidden': 'true' }, ' *') : null];
  if (input.type === 'MultiSelect') {
    const box = (o) => el('label', {}, el('input', { type: 'checkbox', name: input.name, value: o.id }), ` ${o.title}`);
    return el('fieldset', { class: 'form-field', 'data-input': input.name, 'aria-required': required ? 'true' : undefined }, el('legend', {}, label), optionsOf(input).map(box));
  }
  const control =
    input.type === 'SingleSelect'
      ? el('select', { id, name: input.name, required }, el('option', { value: '' }, 'Choose…'), optionsOf(input).map((o) => el('option', { value: o.id }, o.title)))
      : el('input', { id, name: input.name, type: TYPES[input.type] ?? 'text', required, step: input.type === 'Number' ? 'any' : undefined });
  return el('div', { class: 'form-field', 'data-input': input.name }, el('label', { for: id }, label), control);
}

/** The values to send, and the labels of fields that are missing or not of their type. */
export function formValues(form, inputs) {
  const values = {};
  const problems = [];
  for (const input of inputs) {
    let value;
    if (input.type === 'MultiSelect') {
      value = [...form.querySelectorAll(`input[type=checkbox]`)].filter((box) => box.name === input.name && box.checked).map((box) => box.value);
      if (!value.length) value = undefined;
    } else {
      const control = [...form.elements].find((c) => c.name === input.name);
      if (control && !control.checkValidity() && control.value !== '') problems.push(`${labelOf(input)} is not a valid ${input.type.toLowerCase()}`);
      value = control?.value.trim() ? (input.type === 'Number' ? Number(control.value) : control.value.trim()) : undefined;
    }
    if (value === undefined && input.required) problems.push(`${labelOf(input)} is required`);
    if (value !== undefined) values[input.name] = value;
  }
  return { values, problems };
}

/** The form to fill in: its own error line; `onSubmit(values)` sends it (a rejection's message is shown). */
function fillable(content, onSubmit) {
  const inputs = inputsOf(content);
  const n = ++forms;
  const error = el('p', { class: 'form-error', role: 'alert', hidden: true });
  const submit = el('button', { type: 'submit' }, str(content.submitLabel) || 'Submit');
  const showProblem = (text) => {
    error.textContent = text;
    error.hidden = !text;
  };
  const form = el('form', { class: 'form-card fillable', novalidate: true, 'aria-label': str(content.title) || 'Form' }, heading(content), inputs.map((input, i) => field(input, `form-${n}-${i}`)), error, submit);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const { values, problems } = formValues(form, inputs);
    if (problems.length) return showProblem(`${problems.join('. ')}.`);
    showProblem('');
    submit.disabled = true;
    try {
      await onSubmit(values);
    } catch (err) {
      showProblem(err.message);
      submit.disabled = false;
    }
    return undefined;
  });
  return form;
}

/** A form message: fillable with `onSubmit` (and no answer yet), else its card. */
export function formCard(content, { onSubmit, answer } = {}) {
  return onSubmit && !answer ? fillable(content, onSubmit) : card(content, answer);
}
