import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quickRoutingAttributeValue, ROUTING_ATTRIBUTES_EXPECTED, routingAttributes, routingAttributeValue } from '../../simulator/routes/schemas.ts';
import { ASK_ZOD, ownRecord } from '../../simulator/shared/ownValue.ts';

/**
 * The routing attributes' quick check (`quickRoutingAttributeValue`) answers for the values a
 * handoff sends without a zod parse per attribute: wherever it answers, it must give exactly what
 * the zod schema gives, and the whole record must come out as it does with zod alone (data, key
 * order, `__proto__` as a key, the first issue's path and message).
 */
const values = fc.oneof(
  fc.anything({ withNullPrototype: true, withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true }),
  fc.jsonValue(),
  fc.double(),
  fc.constantFrom(Number.NaN, Infinity, -Infinity, -0, 1e21, 5e-7, Number.MAX_VALUE, '', 'true', 'null', true, false, null, undefined),
);
const keys = fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'prototype', 'valueOf', 'toString'));
/** An object as JSON.parse makes it: `__proto__` an own key like any other. */
const record = fc.array(fc.tuple(keys, values), { maxLength: 8 }).map((entries) => Object.fromEntries(entries) as Record<string, unknown>);
const zodAlone = ownRecord(routingAttributeValue, ROUTING_ATTRIBUTES_EXPECTED);

describe('routing attributes: the quick check and zod agree', () => {
  it('gives what the zod schema gives wherever it answers', () => {
    fc.assert(
      fc.property(values, (raw) => {
        const quick = quickRoutingAttributeValue(raw);
        if (quick === ASK_ZOD) return;
        const parsed = routingAttributeValue.safeParse(raw);
        expect(parsed.success).toBe(true);
        expect(quick).toBe(parsed.data);
      }),
      { numRuns: 2000 },
    );
  });

  it('answers for strings, booleans, null and finite numbers, and leaves the rest to zod', () => {
    expect(quickRoutingAttributeValue('High')).toBe('High');
    expect(quickRoutingAttributeValue(7)).toBe('7');
    expect(quickRoutingAttributeValue(false)).toBe('false');
    expect(quickRoutingAttributeValue(null)).toBeUndefined();
    for (const other of [Infinity, Number.NaN, undefined, {}, [], 1n]) expect(quickRoutingAttributeValue(other)).toBe(ASK_ZOD);
  });

  it('makes the same record, or the same first issue, as zod alone', () => {
    fc.assert(
      fc.property(fc.oneof(record, values), (input) => {
        const quick = routingAttributes.safeParse(input);
        const alone = zodAlone.safeParse(input);
        expect(quick.success).toBe(alone.success);
        if (quick.success && alone.success) {
          expect(Object.entries(quick.data)).toStrictEqual(Object.entries(alone.data));
          expect(Object.getPrototypeOf(quick.data)).toBe(Object.getPrototypeOf(alone.data));
        } else {
          expect(quick.error!.issues.map((i) => [i.path, i.message])).toStrictEqual(alone.error!.issues.map((i) => [i.path, i.message]));
        }
      }),
      { numRuns: 2000 },
    );
  });
});
