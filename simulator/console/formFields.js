/**
 * The console's form fields, one per line, as the rep types them: `Label`, then `*` when it is
 * required, then `: Type` (Text unless given), then `= Option | Option` for a select, e.g.
 * `Email address*: Email` or `Topic: SingleSelect = Order | Billing`. Read into a FormMessage's
 * `sections[].inputs[]` (the input's name is its label in letters, digits and underscores); a line
 * that cannot be read throws an Error naming it.
 */
const TYPES = ['Text', 'Email', 'Phone', 'Number', 'Date', 'SingleSelect', 'MultiSelect'];

function field(line, n, names) {
  const [head, optionText] = line.split('=', 2);
  const [labelPart, typePart = 'Text'] = head.split(':', 2);
  const required = labelPart.trim().endsWith('*');
  const label = labelPart.trim().replace(/\*$/, '').trim();
  const inputType = TYPES.find((t) => t.toLowerCase() === typePart.trim().toLowerCase());
  if (!label) throw new Error(`Form fields, line ${n}: give the field a label first ("Email address*: Email").`);
  if (!inputType) throw new Error(`Form fields, line ${n}: the type must be one of ${TYPES.join(', ')}.`);
  const options = (optionText ?? '').split('|').map((o) => o.trim()).filter(Boolean);
  const select = inputType.endsWith('Select');
  if (select && !options.length) throw new Error(`Form fields, line ${n}: a ${inputType} needs its options after "=", separated by "|".`);
  if (!select && options.length) throw new Error(`Form fields, line ${n}: only SingleSelect and MultiSelect take options.`);
  const base = label.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '') || `field_${n}`;
  let name = base;
  for (let i = 2; names.has(name); i++) name = `${base}_${i}`;
  names.add(name);
  return { name, inputType, label: { title: label }, required, ...(select ? { optionItems: options.map((title) => ({ titleItem: { title } })) } : {}) };
}

/** The inputs the lines describe (none for blank text). */
export function parseFormFields(text) {
  const names = new Set();
  return text
    .split('\n')
    .map((line, i) => [line.trim(), i + 1])
    .filter(([line]) => line)
    .map(([line, n]) => field(line, n, names));
}
