/**
 * A JSON text from a template literal whose fixed parts are JSON already and whose `${values}` are
 * `JSON.stringify`'d: `json\`{"id":${id},"n":${n}}\`` writes what `JSON.stringify({ id, n })` writes,
 * without building the object (the fixed parts are one array per call site, made once). A value
 * `JSON.stringify` leaves out (`undefined`, a function, a symbol) answers `undefined`, since an
 * object's stringify would drop that key: the caller then builds the object as before.
 */
export function json(fixed: TemplateStringsArray, ...values: unknown[]): string | undefined {
  let out = fixed[0]!;
  for (let i = 0; i < values.length; i++) {
    const value = JSON.stringify(values[i]) as string | undefined;
    if (value === undefined) return undefined;
    out += value + fixed[i + 1]!;
  }
  return out;
}
