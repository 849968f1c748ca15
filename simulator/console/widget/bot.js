/**
 * The stand-in AI assistant: canned answers picked by keyword (the first topic that matches), so
 * the page has a bot conversation to hand off. No model, no network.
 */
const ANSWERS = [
  [/\b(order|commande|bestellung|pedido)\b/i, 'I can see your order. It left our warehouse yesterday and should arrive in 2–3 days.'],
  [/\b(deliver|delivery|address|shipping|livraison)\b/i, 'Delivery addresses can be changed until the parcel ships. Shall I ask a colleague to check yours?'],
  [/\b(refund|return|damaged|broken|rembourse)\b/i, 'I am sorry about that. I can offer a replacement or a refund; a person can confirm which applies.'],
  [/\b(human|person|agent|someone|rep)\b/i, 'Of course. Use “Escalate to a rep” and a colleague will join this chat.'],
  [/\b(hi|hello|hey|bonjour|hallo|hola)\b/i, 'Hello! I am the AI assistant. Ask me about an order, a delivery or a refund.'],
];
const FALLBACK = 'I am only a stand-in bot with a few canned answers. Escalate to a rep to talk to a person.';

export function botAnswer(text) {
  return ANSWERS.find(([pattern]) => pattern.test(text))?.[1] ?? FALLBACK;
}

/** The summary the "AI" hands over with the transcript. */
export function summarize(name, history) {
  const asked = history.filter((t) => t.speaker === 'customer').map((t) => t.text);
  if (!asked.length) return `${name} asked to talk to a person before writing to the assistant.`;
  return `${name} wrote to the AI assistant about: ${asked.map((t) => `“${t.slice(0, 120)}”`).join('; ')}. The assistant gave canned answers and ${name} asked for a person.`;
}
