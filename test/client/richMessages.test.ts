import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RepEvent } from '../../client/index.ts';
import { richHandoff } from '../helpers/richHandoff.ts';
import { RICH_MESSAGES } from '../helpers/richMessages.ts';
import { useSim } from '../helpers/sim.ts';

/**
 * #16 items 1-2 end to end: every message type a rep sends through the simulator reaches the
 * sink typed (`content`) and rendered for the session's channel exactly as the golden files say,
 * with `text` the channel's text fallback.
 */
describe('rich rep messages reach each channel', () => {
  const t = useSim();

  it.each(['web', 'whatsapp', 'sms', 'phone'] as const)('%s', async (channel) => {
    const golden = JSON.parse(readFileSync(new URL(`./golden/${channel}.json`, import.meta.url), 'utf8'));
    const c = await richHandoff(t.sim, channel);
    for (const [name, message] of Object.entries(RICH_MESSAGES)) {
      const entryId = await c.repSends(message);
      const event = c.sink.events.find((e) => e.type === 'message' && e.entryId === entryId) as Extract<RepEvent, { type: 'message' }>;
      expect(event.rendered, name).toEqual(golden[name]);
      expect(event.text, name).toBe(golden[name].text);
      expect(event.content.kind, name).toBe(name === 'text' || name === 'attachments' || name === 'richLink' || name === 'webView' || name === 'form' ? name : 'choices');
    }
  });
});
