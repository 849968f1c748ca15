import { randomUUID } from 'node:crypto';
import { faker } from '@faker-js/faker';
import type { HandoffChannel, HandoffSession, HistoryTurn } from './types.ts';

/**
 * A believable AI-bot session to hand off, for demos (`miaw-sim handoff`) and tests: a customer
 * with a problem, a few turns with the bot, and the bot's summary. Pass `seed` for repeatable data.
 */
export function fakeSession(options: { channel?: HandoffChannel; language?: string; authenticated?: boolean; turns?: number; seed?: number } = {}): HandoffSession {
  if (options.seed !== undefined) faker.seed(options.seed);
  const name = faker.person.fullName();
  const product = faker.commerce.productName();
  const order = faker.string.alphanumeric({ length: 8, casing: 'upper' });
  const start = Date.now() - 10 * 60_000;
  const lines: Array<[HistoryTurn['speaker'], string]> = [
    ['customer', `Hi, my ${product} from order ${order} arrived damaged.`],
    ['bot', 'I am sorry to hear that. Could you describe the damage?'],
    ['customer', faker.lorem.sentence()],
    ['bot', 'Thank you. I can offer a replacement or a refund.'],
    ['customer', 'I would rather talk to a person, please.'],
  ];
  const turns = options.turns ?? lines.length;
  const history: HistoryTurn[] = Array.from({ length: turns }, (_, i) => {
    const [speaker, text] = lines[i % lines.length]!;
    return { speaker, text, at: start + i * 45_000 };
  });
  const authenticated = options.authenticated ?? true;
  return {
    sessionId: randomUUID(),
    channel: options.channel ?? 'web',
    language: options.language ?? 'en',
    contact: {
      id: authenticated ? `contact-${faker.string.alphanumeric(10)}` : undefined,
      name,
      email: faker.internet.email({ firstName: name.split(' ')[0] }),
      phone: faker.phone.number({ style: 'international' }),
      authenticated,
    },
    summary: `${name} reports that the ${product} from order ${order} arrived damaged and asks for a human agent; a replacement or refund was offered.`,
    history,
    fields: { orderNumber: order },
  };
}
