import { describe, expect, it } from 'vitest';
import { buildDeployment } from '../../simulator/config/deploymentSchema.ts';
import { embeddedServiceConfigTexts, toEmbeddedServiceConfig } from '../../simulator/serialize/deploymentConfig.ts';
import { accessTokenResponseJson, toAccessTokenResponse, type IssuedToken } from '../../simulator/serialize/tokens.ts';
import { Directory } from '../../simulator/store/directory.ts';
import type { AuthMode, Deployment } from '../../simulator/store/types.ts';
import { call, show, tokenRequestBase, useSim } from '../helpers/sim.ts';

// The token replies are written as text, with the deployment's part serialized once per deployment
// and directory version: the text must be what JSON.stringify writes for the reply object, and a
// deployment that changed must show in the very next reply.

const ORG = '00DSIM000000001';
const GUEST = '/iamessage/api/v2/authorization/unauthenticated/access-token';

const deployments: Deployment[] = [
  buildDeployment(ORG, 'Plain', {}),
  buildDeployment(ORG, 'Quoted "name" \\ é 🙂', { allowGuests: false, allowTranscriptDownload: false, preChatDisplayContext: 'Session' }),
  buildDeployment(ORG, 'Pre_Chat', {
    preChatFields: [
      { name: 'Email', type: 'Email', label: 'Your "email"\u2028', required: true, maxLength: 80 },
      { name: 'Topic', type: 'ChoiceList', choices: ['Billing', 'Delivery </script>'] },
      { name: 'Newsletter', type: 'Checkbox' },
    ],
    hiddenPreChatFields: ['Origin'],
  }),
];

const issued: Array<Omit<IssuedToken, 'deployment' | 'authMode'>> = [
  { accessToken: 'aaa.bbb.ccc', lastEventId: 0, deviceId: 'd-1', subject: 'v2/iamessage/UNAUTH/NA/uid:1', now: 1_700_000_000_000 },
  { accessToken: 'x', lastEventId: 123_456_789, deviceId: '', subject: 'v2/iamessage/AUTH/ks/uid:"quoted" \\ \u2028 \ud800 🙂', now: 1_700_000_000_000.5 },
  { accessToken: 'y', lastEventId: 7, deviceId: '</script>\n\t"', subject: 's', now: 0 },
];

describe('the access-token reply as text', () => {
  it.each(deployments.flatMap((d) => (['Auth', 'UnAuth'] as AuthMode[]).flatMap((mode) => issued.map((t, i) => [d.name, mode, i, d, t] as const))))(
    '%s, %s, reply %i: what JSON.stringify writes for the reply object',
    (_name, authMode, _i, deployment, t) => {
      const texts = embeddedServiceConfigTexts();
      const text = accessTokenResponseJson(t, texts(deployment, authMode, 0));
      expect(text).toBe(JSON.stringify(toAccessTokenResponse({ ...t, deployment, authMode })));
    },
  );

  it('serializes a deployment again when the directory version moves or another deployment object takes its place', () => {
    const texts = embeddedServiceConfigTexts();
    const first = buildDeployment(ORG, 'Web', {});
    const dir = new Directory();
    dir.putDeployment(first);
    const before = texts(first, 'UnAuth', dir.version);
    expect(JSON.parse(before)).toEqual(toEmbeddedServiceConfig(first, 'UnAuth'));
    expect(JSON.parse(texts(first, 'Auth', dir.version))).toEqual(toEmbeddedServiceConfig(first, 'Auth'));

    const second = buildDeployment(ORG, 'Web', { preChatFields: [{ name: 'Email', type: 'Email' }] });
    dir.putDeployment(second);
    const after = texts(second, 'UnAuth', dir.version);
    expect(after).not.toBe(before);
    expect(JSON.parse(after)).toEqual(toEmbeddedServiceConfig(second, 'UnAuth'));
  });

  it('serializes the same deployment object again once the version moves (the directory moves it on every change)', () => {
    const texts = embeddedServiceConfigTexts();
    const deployment = { ...buildDeployment(ORG, 'Web', {}) };
    expect(JSON.parse(texts(deployment, 'UnAuth', 1)).transcript).toEqual({ allowTranscriptDownload: true });
    deployment.allowTranscriptDownload = false;
    expect(JSON.parse(texts(deployment, 'UnAuth', 2)).transcript).toEqual({ allowTranscriptDownload: false });
  });

  it('stores deployments frozen, so none changes without a new directory version', () => {
    const dir = new Directory();
    const deployment = buildDeployment(ORG, 'Web', { preChatFields: [{ name: 'Topic', type: 'ChoiceList', choices: ['a'] }] });
    dir.putDeployment(deployment);
    const stored = dir.getDeployment(ORG, 'Web')!;
    expect(() => {
      stored.allowGuests = false;
    }).toThrow(TypeError);
    expect(() => stored.preChatFields.push(stored.preChatFields[0]!)).toThrow(TypeError);
    expect(() => {
      stored.preChatFields[0]!.choiceList!.values[0]!.name = 'b';
    }).toThrow(TypeError);
  });
});

describe('a changed deployment shows in the next token reply', () => {
  const t = useSim();

  it('after a reset and the deployment created again with other settings', async () => {
    const body = { ...tokenRequestBase(t.sim), esDeveloperName: 'Changing_Web' };
    const created = await call(t.sim, 'POST', `/__sim/v1/orgs/${ORG}/deployments`, { body: { name: 'Changing_Web', preChatFields: [{ name: 'Email', type: 'Email' }] } });
    expect(created.status, show(created)).toBe(201);
    const first = await call(t.sim, 'POST', GUEST, { body });
    expect(first.status, show(first)).toBe(200);
    const firstConfig = first.body.context.configuration.embeddedServiceConfig;
    expect(firstConfig.forms[0].formFields.map((f: { name: string }) => f.name)).toEqual(['Email']);
    expect(firstConfig.embeddedServiceMessagingChannel.channelAddressIdentifier).toBe(created.body.channelAddressIdentifier);

    expect((await call(t.sim, 'POST', '/__sim/v1/reset')).status).toBe(200);
    const gone = await call(t.sim, 'POST', GUEST, { body });
    expect(gone.status, show(gone)).toBe(404);

    const again = await call(t.sim, 'POST', `/__sim/v1/orgs/${ORG}/deployments`, {
      body: { name: 'Changing_Web', allowTranscriptDownload: false, preChatFields: [{ name: 'Topic', type: 'ChoiceList', choices: ['Billing'] }] },
    });
    expect(again.status, show(again)).toBe(201);
    const next = await call(t.sim, 'POST', GUEST, { body });
    expect(next.status, show(next)).toBe(200);
    const nextConfig = next.body.context.configuration.embeddedServiceConfig;
    expect(nextConfig.forms[0].formFields.map((f: { name: string }) => f.name)).toEqual(['Topic']);
    expect(nextConfig.transcript).toEqual({ allowTranscriptDownload: false });
    expect(nextConfig.embeddedServiceMessagingChannel.channelAddressIdentifier).toBe(again.body.channelAddressIdentifier);
    expect(nextConfig.embeddedServiceMessagingChannel.channelAddressIdentifier).not.toBe(firstConfig.embeddedServiceMessagingChannel.channelAddressIdentifier);
  });
});
