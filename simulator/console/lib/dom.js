/**
 * Tiny DOM helpers for the console and widget pages. Text always goes in as text nodes, never as
 * HTML, so nothing a customer or a rep types can inject markup.
 */

/** el('li', { class: 'x', 'data-id': id, onclick: fn }, 'text', child, ...) */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') node.addEventListener(name.slice(2), value);
    else if (value === true) node.setAttribute(name, '');
    else node.setAttribute(name, String(value));
  }
  node.append(...children.flat().filter((c) => c !== undefined && c !== null && c !== false).map((c) => (c instanceof Node ? c : String(c))));
  return node;
}

/** Replace an element's children. */
export function fill(node, ...children) {
  node.replaceChildren(...children.flat().filter((c) => c !== undefined && c !== null && c !== false));
}

export const byId = (id) => document.getElementById(id);

/** 14:03:07 in the viewer's time zone. */
export const clockTime = (ms) => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

/** A <dl> of name/value pairs. */
export function definitionList(pairs, attrs = {}) {
  return el('dl', attrs, Object.entries(pairs).flatMap(([name, value]) => [el('dt', {}, name), el('dd', {}, value === null || value === undefined || value === '' ? '—' : String(value))]));
}

/** Show only the form's field groups (`data-for="a b"`) that apply to the select's value, now and on each change. */
export function fieldsFollow(form, select) {
  const show = () => {
    for (const group of form.querySelectorAll('[data-for]')) group.hidden = !group.dataset.for.split(' ').includes(select.value);
  };
  select.addEventListener('change', show);
  show();
}

/** Show a problem in the page's alert region (screen readers announce it); empty text clears it. */
export function showError(text) {
  const region = byId('error');
  if (!region) return;
  region.textContent = text;
  region.hidden = !text;
}
