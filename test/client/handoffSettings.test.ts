import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkSettings, ChannelNotAllowedError, HandoffConfigError, HandoffSettingsError, OutsideOfficeHoursError, parseHandoffConfig, parseHandoffSettings } from '../../client/index.ts';
import { fakeSession } from '../../client/fakeSession.ts';

const refuseAfterHours = { timeZone: 'Europe/Paris', weekly: { mon: [['09:00', '17:00']] }, outsideHours: 'refuse' };
const MONDAY_10_PARIS = Date.parse('2026-11-30T09:00:00Z');
const SUNDAY_NIGHT = Date.parse('2026-11-29T22:00:00Z');
const vipSession = () => {
  const session = fakeSession({ seed: 2 });
  session.contact.tier = 'VIP';
  return session;
};

describe('handoff settings: validation', () => {
  const refused = (settings: unknown) => {
    try {
      parseHandoffSettings(settings);
    } catch (err) {
      expect(err).toBeInstanceOf(HandoffSettingsError);
      return (err as Error).message;
    }
    throw new Error('the settings were accepted');
  };

  it.each([
    [{ officeHours: { ...refuseAfterHours, timeZone: 'Mars/Olympus' } }, /settings\.officeHours\.timeZone must be an IANA time zone/],
    [{ officeHours: { ...refuseAfterHours, outsideHours: 'later' } }, /settings\.officeHours\.outsideHours must be "handoff".*"email-case".*"refuse"/],
    [{ officeHours: { ...refuseAfterHours, weekly: { mon: [['09:00', '09:00']] } } }, /settings\.officeHours\.weekly\.mon\.0 must be \["from","to"\] with two different times/],
    [{ officeHours: { ...refuseAfterHours, weekly: { mon: [['25:00', '26:00']] } } }, /settings\.officeHours\.weekly\.mon\.0\.0 must be a time "HH:MM"/],
    [{ officeHours: { ...refuseAfterHours, holidays: [{ date: '2026-02-30' }] } }, /settings\.officeHours\.holidays\.0\.date is not a calendar date/],
    [{ officeHours: { ...refuseAfterHours, holidays: [{ date: '2026-13-45' }] } }, /settings\.officeHours\.holidays\.0\.date is not a calendar date/],
    [{ officeHours: { ...refuseAfterHours, holidays: [{ date: '0000-00-00' }] } }, /settings\.officeHours\.holidays\.0\.date is not a calendar date/],
    [{ officeHours: { ...refuseAfterHours, holidays: [{ date: '2026-12-25' }, { date: '2026-12-25' }] } }, /settings\.officeHours\.holidays\.1\.date 2026-12-25 is listed twice/],
    [{ channels: ['web', 'fax'] }, /settings\.channels\.1 must be one of web, whatsapp, sms, phone, email/],
    [{ priority: [{ when: { field: 'contact.tier', matches: '(a)\\1' }, value: 'High' }] }, /settings\.priority\.0\.when .*RE2|settings\.priority\.0\.when\.matches uses a backreference/],
    [{ priority: [{ when: { field: 'tier', equals: 'VIP' }, value: 'High' }] }, /settings\.priority\.0\.when/],
    [{ attributes: [{ when: { field: 'contact.tier', equals: 'VIP' }, set: { Priority: 'High' } }] }, /settings\.attributes\.0\.set\.Priority would override the standard attribute Priority/],
    [{ rules: [] }, /settings Unrecognized key: "rules"/],
  ])('refuses %j, naming the field', (settings, message) => {
    expect(refused(settings)).toMatch(message);
  });

  it('refuses bad settings given to the client configuration with the same named error', () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const config = {
      messagingUrl: 'http://127.0.0.1:1', orgId: '00D000000000001', esDeveloperName: 'Web', authKeyId: 'k', issuer: 'i',
      authPublicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }), authPrivateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }),
    };
    expect(() => parseHandoffConfig({ ...config, settings: { officeHours: { ...refuseAfterHours, timeZone: 'Nowhere' } } })).toThrow(HandoffSettingsError);
    expect(() => parseHandoffConfig({ ...config, settings: { officeHours: { ...refuseAfterHours, timeZone: 'Nowhere' } } })).toThrow(/Invalid handoff settings: settings\.officeHours\.timeZone/);
    expect(new HandoffSettingsError({ step: 'configure', message: 'x', hint: 'y' })).toBeInstanceOf(HandoffConfigError);
    expect(parseHandoffConfig({ ...config, settings: { channels: ['web'] } }).settings?.channels).toEqual(['web']);
  });
});

describe('handoff settings: the decision', () => {
  it('gives VIP contacts their priority and attributes by declarative conditions, and leaves others alone', () => {
    const settings = parseHandoffSettings({
      priority: [{ when: { field: 'contact.tier', equals: 'VIP' }, value: 'High' }],
      attributes: [
        { when: { field: 'contact.tier', in: ['VIP', 'Gold'] }, set: { Segment: 'Premium' } },
        { when: [{ field: 'contact.email', matches: '(?i)@EXAMPLE\\.(com|org)$' }, { field: 'contact.authenticated', equals: true }], set: { Domain: 'example' } },
      ],
    });
    const vip = vipSession();
    vip.contact.email = 'ada@example.org';
    const decision = checkSettings(settings, vip, MONDAY_10_PARIS);
    expect(decision).toMatchObject({ path: 'messaging', priority: 'High', attributes: { Segment: 'Premium', Domain: 'example' } });
    expect(decision.detail).toContain('Priority High (contact.tier equals "VIP")');

    const plain = fakeSession({ seed: 2 });
    plain.contact.email = 'ada@example.net';
    expect(checkSettings(settings, plain, MONDAY_10_PARIS)).toMatchObject({ path: 'messaging', attributes: {} });
    expect(checkSettings(settings, plain, MONDAY_10_PARIS).priority).toBeUndefined();
  });

  it('never reads inherited properties as session values', () => {
    const settings = parseHandoffSettings({ priority: [{ when: { field: 'contact.constructor', matches: 'Object' }, value: 'High' }] });
    expect(checkSettings(settings, fakeSession({ seed: 2 }), MONDAY_10_PARIS).priority).toBeUndefined();
  });

  it('refuses a channel the settings do not allow, naming it', () => {
    const settings = parseHandoffSettings({ channels: ['web', 'whatsapp'] });
    expect(() => checkSettings(settings, fakeSession({ channel: 'sms', seed: 2 }), MONDAY_10_PARIS)).toThrow(ChannelNotAllowedError);
    expect(() => checkSettings(settings, fakeSession({ channel: 'sms', seed: 2 }), MONDAY_10_PARIS)).toThrow(/the sms channel may not hand off: settings\.channels allows web, whatsapp/);
    expect(checkSettings(settings, fakeSession({ channel: 'web', seed: 2 }), MONDAY_10_PARIS).path).toBe('messaging');
  });

  it('outside office hours refuses with the next opening, hands off anyway, or takes the Email Case path, as chosen', () => {
    const session = fakeSession({ seed: 2 });
    const refuse = parseHandoffSettings({ officeHours: refuseAfterHours });
    expect(checkSettings(refuse, session, MONDAY_10_PARIS)).toMatchObject({ path: 'messaging', open: true });
    let error: unknown;
    try {
      checkSettings(refuse, session, SUNDAY_NIGHT);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(OutsideOfficeHoursError);
    const outside = error as OutsideOfficeHoursError;
    expect(outside.opensAt?.toISOString()).toBe('2026-11-30T08:00:00.000Z');
    expect(outside.timeZone).toBe('Europe/Paris');
    expect(outside.step).toBe('check-settings');
    expect(outside.message).toContain('opens again Mon 2026-11-30 09:00 (Europe/Paris)');

    const anyway = parseHandoffSettings({ officeHours: { ...refuseAfterHours, outsideHours: 'handoff' } });
    expect(checkSettings(anyway, session, SUNDAY_NIGHT)).toMatchObject({ path: 'messaging', open: false, opensAt: Date.parse('2026-11-30T08:00:00Z') });
    const emailCase = parseHandoffSettings({ officeHours: { ...refuseAfterHours, outsideHours: 'email-case' } });
    expect(checkSettings(emailCase, session, SUNDAY_NIGHT)).toMatchObject({ path: 'email-case', open: false });
    expect(checkSettings(emailCase, session, MONDAY_10_PARIS).path).toBe('messaging');
  });

  it('sends email conversations down the Email Case path whatever the hour, unless the channel is not allowed', () => {
    const email = fakeSession({ channel: 'email', seed: 2 });
    expect(checkSettings(parseHandoffSettings({}), email, SUNDAY_NIGHT).path).toBe('email-case');
    expect(checkSettings(parseHandoffSettings({ officeHours: refuseAfterHours }), email, SUNDAY_NIGHT).path).toBe('email-case');
    expect(() => checkSettings(parseHandoffSettings({ channels: ['web'] }), email, SUNDAY_NIGHT)).toThrow(ChannelNotAllowedError);
  });
});
