import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../simulator/config/loadConfig.ts';
import { call, show, useSim } from '../helpers/sim.ts';
import { tempDir } from '../helpers/tempDir.ts';

const ORG = '00DSIM000000001';
const V1 = '/__sim/v1';

const PRE_CHAT = {
  name: 'Pre_Chat_Web',
  preChatDisplayContext: 'Session',
  preChatFields: [
    { name: 'Email', type: 'Email', label: 'Your email', required: true, maxLength: 80 },
    { name: 'Topic', type: 'ChoiceList', choices: ['Billing', 'Delivery'] },
    { name: 'Newsletter', type: 'Checkbox' },
    { name: 'CartId', hidden: true },
  ],
  hiddenPreChatFields: ['Origin'],
};

describe('deployment config: pre-chat fields', () => {
  const t = useSim();

  it('serves visible and hidden fields, their types, the display context and choice lists in the embedded-service config', async () => {
    const created = await call(t.sim, 'POST', `${V1}/orgs/${ORG}/deployments`, { body: PRE_CHAT });
    expect(created.status, show(created)).toBe(201);
    const res = await call(t.sim, 'GET', `/embeddedservice/v1/embedded-service-config?orgId=${ORG}&esConfigName=Pre_Chat_Web`);
    expect(res.status, show(res)).toBe(200);
    const config = res.body.embeddedServiceConfig;
    expect(config.forms).toHaveLength(1);
    const [form] = config.forms;
    expect(form).toMatchObject({ formType: 'PreChat', displayContext: 'Session' });
    expect(form.formFields).toEqual([
      { name: 'Email', label: 'Your email', order: 1, type: 'Email', required: true, maxLength: 80, isHidden: false, choiceListId: null },
      { name: 'Topic', label: 'Topic', order: 2, type: 'ChoiceList', required: false, maxLength: 255, isHidden: false, choiceListId: expect.any(String) },
      { name: 'Newsletter', label: 'Newsletter', order: 3, type: 'Checkbox', required: false, maxLength: 255, isHidden: false, choiceListId: null },
      { name: 'CartId', label: 'CartId', order: 4, type: 'Text', required: false, maxLength: 255, isHidden: true, choiceListId: null },
      { name: 'Origin', label: 'Origin', order: 5, type: 'Text', required: false, maxLength: 255, isHidden: true, choiceListId: null },
    ]);
    const topicList = form.formFields[1].choiceListId;
    expect(config.choiceListConfig.choiceList).toEqual([
      {
        choiceListId: topicList,
        choiceListValues: [
          { choiceListValueId: expect.any(String), choiceListValueName: 'Billing', order: 1, isDefaultValue: true },
          { choiceListValueId: expect.any(String), choiceListValueName: 'Delivery', order: 2, isDefaultValue: false },
        ],
      },
    ]);
    // The same config reaches the client with its access token.
    const token = await call(t.sim, 'POST', '/iamessage/api/v2/authorization/unauthenticated/access-token', {
      body: { orgId: ORG, esDeveloperName: 'Pre_Chat_Web', capabilitiesVersion: '1', platform: 'Web' },
    });
    expect(token.body.context.configuration.embeddedServiceConfig.forms).toEqual(config.forms);
  });

  it('keeps the display context Conversation when none is declared', async () => {
    await call(t.sim, 'POST', `${V1}/orgs/${ORG}/deployments`, { body: { name: 'Plain', preChatFields: [{ name: 'Email', type: 'Email' }] } });
    const res = await call(t.sim, 'GET', `/embeddedservice/v1/embedded-service-config?orgId=${ORG}&esConfigName=Plain`);
    expect(res.body.embeddedServiceConfig.forms[0].displayContext).toBe('Conversation');
    expect(res.body.embeddedServiceConfig.choiceListConfig).toEqual({ choiceList: [] });
  });

  it.each([
    [{ name: 'X', preChatFields: [{ name: 'Topic', type: 'ChoiceList' }] }, 'preChatFields.0.choices'],
    [{ name: 'X', preChatFields: [{ name: 'Email', type: 'Email', choices: ['a'] }] }, 'preChatFields.0.choices'],
    [{ name: 'X', preChatFields: [{ name: 'Email', type: 'Mail' }] }, 'preChatFields.0.type'],
    [{ name: 'X', preChatFields: [{ name: 'Origin' }], hiddenPreChatFields: ['Origin'] }, 'hiddenPreChatFields.0'],
    [{ name: 'X', preChatDisplayContext: 'Always' }, 'preChatDisplayContext'],
    [{ name: 'X', autoResponses: { inactivityWarning: { afterSeconds: 90, text: 'a' }, inactivityEnd: { afterSeconds: 60, text: 'b' } } }, 'autoResponses.inactivityWarning.afterSeconds'],
    [{ name: 'X', autoResponses: { start: '' } }, 'autoResponses.start'],
    [{ name: 'X', parameterMapping: 'Origin' }, 'parameterMapping'],
  ])('refuses %j with a 400 naming %s', async (body, field) => {
    const res = await call(t.sim, 'POST', `${V1}/orgs/${ORG}/deployments`, { body });
    expect(res.status, show(res)).toBe(400);
    expect(res.body.message).toContain(field);
  });
});

describe('deployment config from the config file', () => {
  const base = { orgs: [{ id: ORG, name: 'o' }], deployments: [], keysets: [] };
  const write = (json: unknown) => {
    const file = join(tempDir('miaw-deployment'), 'miaw-sim.config.json');
    writeFileSync(file, JSON.stringify(json));
    return file;
  };

  it('loads pre-chat fields, auto-responses and parameter mapping into the seed', async () => {
    const autoResponses = { start: 'Hi', inactivityWarning: { afterSeconds: 60, text: 'Still there?' }, inactivityEnd: { afterSeconds: 120, text: 'Bye' } };
    const seed = await loadConfig(write({ deployments: [{ orgId: ORG, ...PRE_CHAT, autoResponses, parameterMapping: ['Origin'] }] }), base, 0);
    const [deployment] = seed.deployments;
    expect(deployment).toMatchObject({ name: 'Pre_Chat_Web', preChatDisplayContext: 'Session', autoResponses, parameterMapping: ['Origin'] });
    expect(deployment!.preChatFields.map((f) => [f.name, f.type, f.isHidden])).toEqual([
      ['Email', 'Email', false],
      ['Topic', 'ChoiceList', false],
      ['Newsletter', 'Checkbox', false],
      ['CartId', 'Text', true],
      ['Origin', 'Text', true],
    ]);
  });

  it.each([
    [{ deployments: [{ orgId: ORG, name: 'X', preChatFields: [{ name: 'Topic', type: 'ChoiceList' }] }] }, 'deployments.0.preChatFields.0.choices'],
    [{ deployments: [{ orgId: ORG, name: 'X', autoResponses: { inactivityWarning: { afterSeconds: 90, text: 'a' }, inactivityEnd: { afterSeconds: 60, text: 'b' } } }] }, 'deployments.0.autoResponses.inactivityWarning.afterSeconds'],
    [{ deployments: [{ orgId: ORG, name: 'X', autoResponses: { inactivityEnd: { afterSeconds: 0, text: 'b' } } }] }, 'deployments.0.autoResponses.inactivityEnd.afterSeconds'],
    [{ deployments: [{ orgId: ORG, name: 'X', parameterMapping: ['not a name'] }] }, 'deployments.0.parameterMapping.0'],
  ])('refuses %j naming %s', async (json, field) => {
    const file = write(json);
    await expect(loadConfig(file, base, 0)).rejects.toThrow(`Invalid config ${file}: ${field}:`);
  });
});
