import { describe, expect, it } from 'vitest';
import { call, recorded, show, useSim } from '../helpers/sim.ts';
import { offered } from '../helpers/answers.ts';

/**
 * A FormResponse is checked field by field against the FormMessage it answers: required inputs
 * answered, no stray answers, each answer of its input's type (a select's among its options).
 */
describe("the end user's form response, checked per input", () => {
  const t = useSim();
  const [standard, express, gift, wrap] = Array.from({ length: 4 }, () => crypto.randomUUID());
  const form = {
    messageType: 'FormMessage',
    form: {
      formatType: 'Inputs',
      formTitle: { title: 'Delivery' },
      sections: [
        {
          inputs: [
            { name: 'email', inputType: 'Email', required: true, label: { title: 'Email' } },
            { name: 'quantity', inputType: 'Number' },
            { name: 'note', label: { title: 'A note for the courier' } },
          ],
        },
        {
          inputs: [
            { name: 'speed', inputType: 'SingleSelect', required: true, optionItems: [{ titleItem: { title: 'Standard' }, optionIdentifier: standard }, { titleItem: { title: 'Express' }, optionIdentifier: express }] },
            { name: 'extras', inputType: 'MultiSelect', optionItems: [{ titleItem: { title: 'Gift' }, optionIdentifier: gift }, { titleItem: { title: 'Wrap' }, optionIdentifier: wrap }] },
          ],
        },
      ],
    },
  };
  const respond = (result: unknown, extra: Record<string, unknown> = {}) => ({ messageType: 'FormResponseMessage', formResponse: { formatType: 'Result', result }, ...extra });
  const good = { email: 'camille@example.com', quantity: 2, note: 'ring twice', speed: express, extras: [gift, wrap] };

  it('answers that fit every input are accepted and stored as sent', async () => {
    const c = await offered(t.sim, form);
    const r = await c.answer(respond(good, { inReplyToMessageId: c.offeredId }));
    expect(r.status, show(r)).toBe(202);
    const stored = (await recorded(t.sim, c.id)).entries.find((e: any) => e.entryPayload.abstractMessage?.messageType === 'FormResponseMessage');
    expect(stored.entryPayload.abstractMessage.formResponse).toEqual({ formatType: 'Result', result: good });
  });

  it('optional inputs may be left out; the required ones are enough', async () => {
    const c = await offered(t.sim, form);
    expect((await c.answer(respond({ email: 'a@b.example', speed: standard }))).status).toBe(202);
  });

  it.each([
    ['a required input left out', { speed: standard }, 'result.email', 'is required by FormMessage'],
    ['a required input blank', { email: '', speed: standard }, 'result.email', 'is required by FormMessage'],
    ['an answer to an input the form lacks', { ...good, colour: 'red' }, 'result.colour', 'is not an input of FormMessage'],
    ['an email without @', { ...good, email: 'camille.example.com' }, 'result.email', 'must be an email address'],
    ['a number that is not one', { ...good, quantity: 'two' }, 'result.quantity', 'must be a number'],
    ['a text input answered with an object', { ...good, note: { text: 'x' } }, 'result.note', 'must be a string'],
    ['a single select answered with an option not offered', { ...good, speed: gift }, 'result.speed', `${gift} is not an option of input speed`],
    ['a multi select answered with one option not offered', { ...good, extras: [gift, standard] }, 'result.extras', `${standard} is not an option of input extras`],
    ['a multi select answered with a string', { ...good, extras: gift }, 'result.extras', 'must be an array of optionIdentifiers'],
    ['no result object', undefined, 'result', 'is required: the answers to FormMessage'],
  ])('%s is a 400 naming message.formResponse.%s, and nothing is stored', async (_name, result, field, why) => {
    const c = await offered(t.sim, form);
    const r = await c.answer(respond(result));
    expect(r.status, show(r)).toBe(400);
    expect(r.body.errorCode).toBe('INVALID_REQUEST');
    expect(r.body.message).toContain(`Invalid request body: message.formResponse.${field}: ${why}`);
    expect((await recorded(t.sim, c.id)).entries.filter((e: any) => e.entryPayload.abstractMessage?.messageType === 'FormResponseMessage')).toEqual([]);
  });

  it('an answer keyed "__proto__" or "constructor" is a stray answer like any other, not an inherited input', async () => {
    const c = await offered(t.sim, form);
    const r = await call(t.sim, 'POST', `/iamessage/api/v2/conversation/${c.id}/message`, {
      token: c.token,
      rawBody: `{"esDeveloperName":"${t.sim.esDeveloperName}","message":{"id":"${crypto.randomUUID()}","messageType":"FormResponseMessage","formResponse":{"formatType":"Result","result":{"email":"a@b.example","speed":"${standard}","__proto__":{"x":1}}}}}`,
    });
    expect(r.status, show(r)).toBe(400);
    expect(r.body.message).toContain('message.formResponse.result.__proto__: is not an input');
  });
});

describe('a FormMessage whose inputs are wrong is refused at the control API', () => {
  const t = useSim();
  const send = async (sections: unknown) => {
    const c = await offered(t.sim, { messageType: 'StaticContentMessage', staticContent: { formatType: 'Text', text: 'hello' } });
    return call(t.sim, 'POST', `/__sim/v1/conversations/${c.id}/messages`, { body: { message: { messageType: 'FormMessage', form: { formatType: 'Inputs', sections } } } });
  };

  it.each([
    ['an input without a name', [{ inputs: [{ inputType: 'Text' }] }], 'message.form.sections.0.inputs.0.name'],
    ['an unknown input type', [{ inputs: [{ name: 'a', inputType: 'Slider' }] }], 'message.form.sections.0.inputs.0.inputType'],
    ['a select without options', [{ inputs: [{ name: 'a', inputType: 'SingleSelect' }] }], 'message.form.sections.0.inputs.0.optionItems'],
    ['a text input with options', [{ inputs: [{ name: 'a', optionItems: [{ titleItem: { title: 'x' } }] }] }], 'message.form.sections.0.inputs.0.optionItems'],
    ['two inputs with one name', [{ inputs: [{ name: 'a' }] }, { inputs: [{ name: 'a' }] }], 'message.form.sections.1.inputs.0.name'],
    ['a section without inputs', [{ title: 'x' }], 'message.form.sections.0.inputs'],
  ])('%s is a 400 naming %s', async (_name, sections, field) => {
    const r = await send(sections);
    expect(r.status, show(r)).toBe(400);
    expect(r.body.message).toContain(`Invalid request body: ${field}: `);
  });
});
