import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { caseChecksum, isLowerCaseUuid, newRecordId, normalizeSalesforceId, to18 } from '../../simulator/shared/ids.ts';

describe('Salesforce ids', () => {
  it('computes the real case-checksum suffix', () => {
    // Known pair from Salesforce's documentation of 15 -> 18 conversion.
    expect(to18('001A0000006Vm9r')).toBe('001A0000006Vm9rIAC');
    expect(caseChecksum('00DSIM000000001')).toBe('2BA');
  });

  it('accepts the 15- and 18-character forms, the 18-character one in any case', () => {
    expect(normalizeSalesforceId('00DSIM000000001')).toBe('00DSIM000000001');
    expect(normalizeSalesforceId('00DSIM0000000012BA')).toBe('00DSIM000000001');
    expect(normalizeSalesforceId('00dsim0000000012ba')).toBe('00DSIM000000001');
    expect(normalizeSalesforceId('00DSIM0000000012B')).toBeUndefined();
    expect(normalizeSalesforceId('00DSIM000000001-AA')).toBeUndefined();
    // A suffix marking a digit as upper case cannot be right.
    expect(normalizeSalesforceId('00DSIM000000001ZZZ')).toBeUndefined();
  });

  it('round-trips any 15-character id through its 18-character form, whatever case it is written in', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9A-Za-z]{15}$/), fc.boolean(), (id15, lower) => {
        const id18 = to18(id15);
        expect(normalizeSalesforceId(lower ? id18.toLowerCase() : id18.toUpperCase())).toBe(id15);
      }),
    );
  });

  it('makes record ids with the given prefix and a valid suffix', () => {
    const id = newRecordId('0Mw');
    expect(id).toMatch(/^0Mw[0-9A-Za-z]{15}$/);
    expect(normalizeSalesforceId(id)).toBe(id.slice(0, 15));
  });

  it('makes distinct, well-formed record ids across many refills of the random pool, using all 62 characters', () => {
    const ids = Array.from({ length: 5000 }, () => newRecordId('0JR'));
    for (const id of ids) {
      expect(id).toMatch(/^0JR[0-9A-Za-z]{15}$/);
      expect(to18(id.slice(0, 15))).toBe(id);
    }
    expect(new Set(ids).size).toBe(ids.length);
    const used = new Set(ids.flatMap((id) => [...id.slice(3, 15)]));
    expect(used.size).toBe(62);
  });

  it('recognises only lower-case UUIDs', () => {
    expect(isLowerCaseUuid(crypto.randomUUID())).toBe(true);
    expect(isLowerCaseUuid(crypto.randomUUID().toUpperCase())).toBe(false);
    expect(isLowerCaseUuid('not-a-uuid')).toBe(false);
  });
});
