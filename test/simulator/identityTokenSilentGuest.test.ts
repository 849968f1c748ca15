import { beforeAll, describe, expect, it } from 'vitest';
import { exchange, expectError, expectNoTokenIn, importKeys, rejections, type Keys } from '../helpers/identityTokenCases.ts';
import { call, show, signIdentityToken, useSim } from '../helpers/sim.ts';

const GUEST_SUBJECT = /^v2\/iamessage\/UNAUTH\/NA\/uid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('customer identity token verification (verificationFailure "silent-guest")', () => {
  const t = useSim({ verificationFailure: 'silent-guest' });
  const keys = {} as Keys;
  beforeAll(async () => {
    await importKeys(keys, t.sim);
  });

  const silent = rejections.filter((c) => c.status === 401);
  it.each(silent)('answers $name with a guest token and a log line without the token', async ({ token: build, message }) => {
    const token = await build(keys);
    const before = t.logs.length;
    const r = await exchange(t.sim, token);
    expect(r.status, show(r)).toBe(200);
    expect(r.body.context.endUser.subject).toMatch(GUEST_SUBJECT);
    expect(r.body.context.configuration.embeddedServiceConfig.embeddedServiceMessagingChannel.authMode).toBe('UnAuth');
    expectNoTokenIn(r.text, token);

    const lines = t.logs.slice(before);
    expect(lines, lines.join('\n')).toHaveLength(1);
    expect(lines[0]).toMatch(/silent-guest/);
    expect(lines[0]).toMatch(message);
    expectNoTokenIn(lines[0]!, token);

    const list = await call(t.sim, 'GET', '/iamessage/api/v2/conversation/list', { token: r.body.accessToken });
    expect(list.status, show(list)).toBe(200);
  });

  it('still verifies a good token as the verified user', async () => {
    const r = await exchange(t.sim, await signIdentityToken(t.sim, { claims: { sub: 'real-user' } }));
    expect(r.status, show(r)).toBe(200);
    expect(r.body.context.endUser.subject).toBe('v2/iamessage/AUTH/Sim_Keyset/uid:real-user');
    expect(r.body.context.configuration.embeddedServiceConfig.embeddedServiceMessagingChannel.authMode).toBe('Auth');
  });

  it('still refuses an oversize token with 413 rather than a guest token', async () => {
    const oversize = rejections.find((c) => c.status === 413)!;
    const token = await oversize.token(keys);
    const r = await exchange(t.sim, token);
    expectError(r, 413, 'IDENTITY_TOKEN_TOO_LARGE', oversize.message);
    expectNoTokenIn(r.text, token);
  });
});
