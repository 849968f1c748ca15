import { describe, expect, it } from 'vitest';
import { call, show, useSim } from '../../helpers/sim.ts';
import { API, restToken } from '../../helpers/salesforce.ts';

/**
 * Upsert matches an External ID text field case-insensitively only when the field is Unique and
 * "Treat "ABC" and "abc" as duplicate values" (describe: `unique: true`, `caseSensitive: false`);
 * otherwise exactly (Salesforce's Apex reference, "Upserting Records"; the REST upsert is the same
 * call). The default `OpencxSessionId__c` is Unique and case-insensitive.
 */
describe('upsert by external id: case follows the field definition', () => {
  const t = useSim();
  const useFields = (fields: Array<Record<string, unknown>>) =>
    t.ctx.store.salesforce.restoreSetup({ ...t.ctx.seed, customFields: [...(t.ctx.seed.customFields ?? []), ...(fields as any[])] });
  const upsert = (token: string, field: string, value: string, body: Record<string, unknown> = {}) => call(t.sim, 'PATCH', `${API}/sobjects/Case/${field}/${encodeURIComponent(value)}`, { token, body });
  const cases = async () => (await call(t.sim, 'GET', '/__sim/v1/cases')).body.cases as Array<{ fields: Record<string, unknown> }>;

  it('the default OpencxSessionId__c (Unique, case-insensitive) finds the record whatever the case of the value', async () => {
    const token = await restToken(t.sim);
    const first = await upsert(token, 'OpencxSessionId__c', 'Session-ABC', { Subject: 'First' });
    expect(first.status, show(first)).toBe(201);
    const again = await upsert(token, 'OpencxSessionId__c', 'session-abc', { Subject: 'Again' });
    expect(again.status, show(again)).toBe(200);
    expect(again.body).toEqual({ id: first.body.id, success: true, errors: [], created: false });
    expect(await cases()).toHaveLength(1);
  });

  it('a Unique field marked case-sensitive matches exactly: another case is another record', async () => {
    useFields([{ sobject: 'Case', name: 'Ticket__c', externalId: true, unique: true, caseSensitive: true }]);
    const token = await restToken(t.sim);
    expect((await upsert(token, 'Ticket__c', 'T-abc')).status).toBe(201);
    expect((await upsert(token, 'Ticket__c', 'T-ABC')).status).toBe(201);
    expect((await upsert(token, 'Ticket__c', 'T-abc')).status).toBe(200);
    expect(await cases()).toHaveLength(2);
  });

  it('an External ID field that is not Unique matches exactly too (the docs: case-insensitive only if Unique)', async () => {
    useFields([{ sobject: 'Case', name: 'Ref__c', externalId: true }]);
    const token = await restToken(t.sim);
    expect((await upsert(token, 'Ref__c', 'r-1')).status).toBe(201);
    expect((await upsert(token, 'Ref__c', 'R-1')).status).toBe(201);
    expect(await cases()).toHaveLength(2);
  });

  it('a Unique field refuses a second record with the same value (in any case when case-insensitive): 400 DUPLICATE_VALUE, nothing stored', async () => {
    const token = await restToken(t.sim);
    const first = await call(t.sim, 'POST', `${API}/sobjects/Case`, { token, body: { Subject: 'a', OpencxSessionId__c: 'dup-1' } });
    expect(first.status, show(first)).toBe(201);
    const second = await call(t.sim, 'POST', `${API}/sobjects/Case`, { token, body: { Subject: 'b', OpencxSessionId__c: 'DUP-1' } });
    expect(second.status, show(second)).toBe(400);
    expect(second.body).toEqual([{ message: `duplicate value found: OpencxSessionId__c duplicates value on record with id: ${first.body.id}`, errorCode: 'DUPLICATE_VALUE', fields: [] }]);
    expect(await cases()).toHaveLength(1);
  });

  it('refuses the config flag caseSensitive on a field that is not Unique (it only says how uniqueness compares)', async () => {
    const { CustomFieldInput } = await import('../../../simulator/config/salesforceSetup.ts');
    const parsed = CustomFieldInput.safeParse({ sobject: 'Case', name: 'X__c', externalId: true, caseSensitive: true });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['caseSensitive']);
  });
});
