import { describe, expect, it } from 'vitest';
import { useSimAndBrowser } from './browser.ts';
import { conversationItem, openConsole } from './pages.ts';

describe('the console shows when the customer is typing', () => {
  const t = useSimAndBrowser();

  it('from the customer\'s typing entries, started then stopped', async () => {
    const sim = t.sim!;
    const api = async (path: string, body: object, accessToken?: string) => {
      const res = await fetch(`${sim.url}/iamessage/api/v2${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}) },
        body: JSON.stringify(body),
      });
      expect(res.status, await res.clone().text()).toBeLessThan(300);
      return res.status === 202 ? {} : ((await res.json()) as Record<string, string>);
    };
    const { accessToken } = await api('/authorization/unauthenticated/access-token', { orgId: sim.orgId, esDeveloperName: sim.esDeveloperName, capabilitiesVersion: '1', platform: 'Web' });
    const conversationId = crypto.randomUUID();
    await api('/conversation', { conversationId, esDeveloperName: sim.esDeveloperName, routingAttributes: {} }, accessToken);

    const repConsole = await t.browser.page();
    await openConsole(repConsole, sim);
    await conversationItem(repConsole, /./).first().click();
    const indicator = repConsole.locator('#customer-typing');
    await repConsole.locator('#conversation').waitFor();
    expect(await indicator.isHidden()).toBe(true);

    await api(`/conversation/${conversationId}/entry`, { entryType: 'TypingStartedIndicator' }, accessToken);
    await indicator.filter({ hasText: 'The customer is typing' }).waitFor({ state: 'visible' });
    await api(`/conversation/${conversationId}/entry`, { entryType: 'TypingStoppedIndicator' }, accessToken);
    await indicator.waitFor({ state: 'hidden' });
    expect(t.browser.errors).toEqual([]);
  });
});
