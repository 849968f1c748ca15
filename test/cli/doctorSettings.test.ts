import { describe, expect, it } from 'vitest';
import { doctorCommand } from '../../cli/doctorCommand.ts';
import { memoryOutput } from '../helpers/cli.ts';
import { configFor } from '../helpers/handoff.ts';
import { useSim } from '../helpers/sim.ts';

const SUNDAY_23_PARIS = Date.parse('2026-11-29T22:00:00Z');
const settings = {
  channels: ['web', 'whatsapp'],
  priority: [{ when: { field: 'contact.tier', equals: 'VIP' }, value: 'High' }],
  officeHours: { timeZone: 'Europe/Paris', weekly: { mon: [['09:00', '17:00']], fri: [['22:00', '02:00']] }, holidays: [{ date: '2026-12-25' }], outsideHours: 'refuse' },
};

describe('miaw-sim doctor shows the handoff settings', () => {
  const t = useSim();
  const doctor = async (config: unknown, json = false) => {
    const io = memoryOutput();
    const code = await doctorCommand({ config, now: () => SUNDAY_23_PARIS, json }, io);
    return { code, text: io.text(), lines: io.outLines };
  };

  it('as a line of their own: channels, rules, weekly hours, holidays, the after-hours choice and whether they are open now', async () => {
    const { code, text, lines } = await doctor(configFor(t.sim, { settings }));
    expect(code, text).toBe(0);
    expect(lines.find((l) => l.includes('Handoff settings'))?.trim()).toBe(
      '✔ Handoff settings — channels web, whatsapp; Priority High when contact.tier equals "VIP"; office hours Europe/Paris: mon 09:00-17:00 fri 22:00-02:00; 1 holiday; outside hours: refuse; closed now, opens Mon 2026-11-30 09:00 (Europe/Paris)',
    );
    expect(text).toContain('all 6 checks passed');
  });

  it('fails that line alone for invalid settings, naming the field, while the connection checks still run', async () => {
    const bad = { ...settings, officeHours: { ...settings.officeHours, timeZone: 'Europe/Atlantis' } };
    const { code, lines } = await doctor(configFor(t.sim, { settings: bad }));
    expect(code).toBe(1);
    expect(lines.find((l) => l.includes('Handoff settings'))?.trim()).toMatch(/^✘ Handoff settings — Invalid handoff settings: settings\.officeHours\.timeZone must be an IANA time zone/);
    expect(lines.filter((l) => l.trim().startsWith('✔'))).toHaveLength(5);
  });

  it('leaves the line out when there are no settings, and puts it in the JSON checklist when there are', async () => {
    expect((await doctor(configFor(t.sim))).text).not.toContain('Handoff settings');
    const { text } = await doctor(configFor(t.sim, { settings }), true);
    expect(JSON.parse(text).checks.find((c: { id: string }) => c.id === 'settings')).toMatchObject({ status: 'pass', title: 'Handoff settings' });
  });
});
