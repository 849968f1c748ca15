/**
 * Routing attributes as the console lists them. One the deployment's parameter mapping leaves out
 * (kept on the record, never seen by routing) is flagged in its name, so a misrouting is explained
 * at a glance. Plain data in and out: no DOM.
 */
export function attributePairs(attributes, unmapped = []) {
  return Object.fromEntries(Object.entries(attributes).map(([name, value]) => [unmapped.includes(name) ? `${name} ⚑ unmapped` : name, value]));
}

/** The journal's note for a request that sent unmapped attributes ('' when it sent none). */
export const unmappedNote = (record) => (record.unmappedAttributes?.length ? ` ⚑ unmapped: ${record.unmappedAttributes.join(', ')}` : '');
