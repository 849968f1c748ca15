import { z } from 'zod';

/**
 * The value `record` holds under `key` itself, never one it inherits: with user keys (routing
 * attributes, placeholder names, anything read from a request or a file), `record[key]` would
 * answer `constructor`, `__proto__`, `valueOf` and the like from `Object.prototype`.
 */
export const ownValue = <T>(record: Readonly<Record<string, T>>, key: string): T | undefined => (Object.hasOwn(record, key) ? record[key] : undefined);

/** What a `quick` check of `ownRecord` answers for a value it leaves to the zod schema. */
export const ASK_ZOD: unique symbol = Symbol('ask the zod schema');

/**
 * `z.record(z.string(), value)` for user keys, `__proto__` included: zod's record skips
 * `__proto__` (assigning it to the object it builds would set that object's prototype), so a
 * body's `{"__proto__": ...}` would vanish without a word. This checks every own key's value with
 * `value` (an issue names the key) and builds the result with `Object.fromEntries`, where
 * `__proto__` is an own property like any other; entries whose value comes out `undefined` are left out.
 * `quick`, when given, answers first for each value: what `value` would give for the values it
 * knows (a `safeParse` per key costs a zod context, a result and, for a union, each option tried),
 * `ASK_ZOD` for anything else, which `value` then checks (so a refusal is zod's, word for word).
 * It must give exactly what `value` gives wherever it answers (a property test holds it to that).
 */
export function ownRecord<V extends z.ZodType>(value: V, expected = 'must be an object', quick?: (raw: unknown) => z.output<V> | typeof ASK_ZOD) {
  return z
    .custom<Record<string, unknown>>((input) => typeof input === 'object' && input !== null && !Array.isArray(input), { error: expected })
    .transform((input, ctx) => {
      const kept: Array<[string, Exclude<z.output<V>, undefined>]> = [];
      for (const [key, raw] of Object.entries(input)) {
        const known = quick ? quick(raw) : ASK_ZOD;
        if (known !== ASK_ZOD) {
          if (known !== undefined) kept.push([key, known as Exclude<z.output<V>, undefined>]);
          continue;
        }
        const checked = value.safeParse(raw);
        if (!checked.success) ctx.addIssue({ code: 'custom', path: [key], message: checked.error.issues[0]?.message ?? 'is not valid' });
        else if (checked.data !== undefined) kept.push([key, checked.data as Exclude<z.output<V>, undefined>]);
      }
      return Object.fromEntries(kept) as Record<string, Exclude<z.output<V>, undefined>>;
    });
}

/**
 * `target` with `source`'s own enumerable string-keyed fields copied onto it, in their order, as
 * `{ ...source }` copies them (a `__proto__` field stays a field, never the copy's prototype). A
 * spread of objects whose shape changes from call to call (entry drafts, messages) takes V8's slow
 * generic path; this loop does not. Fields named in `skip` are left out (as a rest pattern leaves
 * out the fields it names).
 */
export function copyFields<T extends Record<string, unknown>>(target: T, source: object, skip?: ReadonlySet<string>): T {
  for (const key of Object.keys(source)) {
    if (skip?.has(key)) continue;
    const value = (source as Record<string, unknown>)[key];
    if (key === '__proto__') Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
    else (target as Record<string, unknown>)[key] = value;
  }
  return target;
}
