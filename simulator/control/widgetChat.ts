import { HandoffError, type ChannelSink, type CustomerActions, type CustomerMessageResult, type MessagingChannel, type RepEvent } from '../../client/index.ts';
import { MiawApiError } from '../shared/errors.ts';

type MessageEvent = Extract<RepEvent, { type: 'message' }>;

/** What the customer answered to a rep's question: the options chosen, or a form's values. */
export interface WidgetAnswer {
  entryId: string;
  optionIds?: string[];
  values?: Record<string, unknown>;
}

/** What the widget's chat shows beyond the rep events themselves. */
export interface WidgetChatView {
  /** The latest progress line (an AI agent at work), until a message arrives. */
  progress: { senderName: string; text: string } | null;
  /** Replies being streamed (web chat), assembled by the handoff client, until their final message arrives. */
  streams: Array<{ targetMessageId: string; senderName: string; text: string }>;
  /** The rep's choices or form message an answer would answer now (the handoff client's open question), if any. */
  openQuestion: string | null;
  answers: WidgetAnswer[];
  /** Rep messages the page reported read (acknowledged as Read by the handoff client). */
  read: string[];
  /** The handoff client's diagnostics (an unknown event ignored, a receipt given up), newest last. */
  log: string[];
}

const LOG_LINES = 50;

/**
 * The widget's channel sink and what the page can do back, all through the handoff client: the
 * sink's `deliver` shows each rep event (the client then acknowledges a message as Delivery),
 * `trackReads` hands over the client's `markRead` (Read), and answers go out with the handoff's
 * `answer` (ChoicesResponse) and `answerForm` (FormResponse). The widget has no MIAW client of
 * its own, so every receipt and answer is sent exactly once, by the handoff client.
 */
export class WidgetChat {
  readonly view: WidgetChatView = { progress: null, streams: [], openQuestion: null, answers: [], read: [], log: [] };
  readonly sink: ChannelSink;
  private actions?: CustomerActions;
  private markRead?: (entryId: string) => void;

  constructor(private readonly o: { channel: MessagingChannel; events: RepEvent[]; onChange: () => void }) {
    this.sink = {
      receivePartials: o.channel === 'web',
      deliver: (event) => this.deliver(event),
      trackReads: (markRead) => {
        this.markRead = markRead;
      },
    };
  }

  /** The handoff's customer actions, once the handoff is live. */
  attach(actions: CustomerActions): void {
    this.actions = actions;
  }

  /** One line of the handoff client's log (the client never logs a secret). */
  log(line: string): void {
    this.view.log = [...this.view.log, line.slice(0, 500)].slice(-LOG_LINES);
    this.o.onChange();
  }

  /** The page showed these rep messages: each acknowledged as Read, once. How many were new. */
  read(entryIds: readonly string[]): number {
    const fresh = [...new Set(entryIds)].filter((id) => !this.view.read.includes(id) && this.message(id));
    for (const id of fresh) this.markRead?.(id);
    if (fresh.length) {
      this.view.read.push(...fresh);
      this.o.onChange();
    }
    return fresh.length;
  }

  /** The customer typed a reply the handoff client sent as the open choice (a number or title on SMS, phone, WhatsApp). */
  typedAnswer(result: CustomerMessageResult): void {
    const entryId = this.view.openQuestion;
    if (!result.answered || !entryId) return;
    this.view.openQuestion = null;
    this.view.answers.push({ entryId, optionIds: [result.answered.optionId] });
    this.o.onChange();
  }

  /** The customer clicked option `optionId` of choices message `entryId`: a ChoicesResponse. */
  choose(entryId: string, optionId: string): Promise<CustomerMessageResult> {
    const message = this.question(entryId, 'choices');
    if (message.content.kind === 'choices' && !message.content.options.some((o) => o.id === optionId)) {
      throw new MiawApiError(400, 'UNKNOWN_OPTION', `optionIdentifier: ${optionId} is not an option of message ${entryId}.`);
    }
    return this.answer(entryId, { optionIds: [optionId] }, (actions) => actions.answer(optionId));
  }

  /** The customer filled in form message `entryId`: a FormResponse with `values`, checked by Salesforce. */
  submitForm(entryId: string, values: Record<string, unknown>): Promise<CustomerMessageResult> {
    this.question(entryId, 'form');
    return this.answer(entryId, { values }, (actions) => actions.answerForm(values));
  }

  private deliver(event: RepEvent): void {
    switch (event.type) {
      case 'message-partial': {
        const stream = this.view.streams.find((s) => s.targetMessageId === event.targetMessageId);
        if (stream) stream.text = event.text;
        else this.view.streams.push({ targetMessageId: event.targetMessageId, senderName: event.senderName, text: event.text });
        return this.o.onChange();
      }
      case 'message':
        this.view.progress = null;
        this.view.streams = this.view.streams.filter((s) => s.targetMessageId !== event.entryId);
        if (event.content.kind === 'choices' || event.content.kind === 'form') this.view.openQuestion = event.entryId;
        break;
      case 'progress':
        this.view.progress = { senderName: event.senderName, text: event.text };
        break;
      case 'session-ended':
      case 'conversation-closed':
        this.view.progress = null;
        this.view.streams = [];
        break;
      default:
        break;
    }
    this.o.events.push(event);
    this.o.onChange();
  }

  private message(entryId: string): MessageEvent | undefined {
    return this.o.events.find((e): e is MessageEvent => e.type === 'message' && e.entryId === entryId);
  }

  /** The open question `entryId` of `kind`, or a 400/409 saying why it cannot be answered. */
  private question(entryId: string, kind: 'choices' | 'form'): MessageEvent {
    const message = this.message(entryId);
    const what = kind === 'choices' ? 'ChoicesMessage' : 'FormMessage';
    if (message?.content.kind !== kind) throw new MiawApiError(400, kind === 'choices' ? 'NOT_A_CHOICES_MESSAGE' : 'NOT_A_FORM_MESSAGE', `entryId: ${entryId} is no ${what} the widget received.`);
    if (this.view.openQuestion !== entryId) throw new MiawApiError(409, 'WIDGET_QUESTION_CLOSED', `${what} ${entryId} was answered already, or a later question replaced it.`);
    return message;
  }

  /** Send an answer to the open question (claimed first, so a second click sends nothing). */
  private async answer(entryId: string, answer: Omit<WidgetAnswer, 'entryId'>, send: (actions: CustomerActions) => Promise<CustomerMessageResult>): Promise<CustomerMessageResult> {
    const actions = this.actions;
    if (!actions) throw new MiawApiError(409, 'WIDGET_HANDOFF_NOT_LIVE', 'The handoff is not live yet.');
    this.view.openQuestion = null;
    try {
      const result = await send(actions);
      this.view.answers.push({ entryId, ...answer });
      return result;
    } catch (err) {
      if (this.view.openQuestion === null) this.view.openQuestion = entryId;
      if (err instanceof HandoffError && err.status === 400) throw new MiawApiError(400, 'WIDGET_REQUEST_REFUSED', `Salesforce refused the answer: ${err.salesforceMessage ?? err.message}`);
      if (err instanceof HandoffError) throw new MiawApiError(502, 'WIDGET_SEND_FAILED', err.message);
      throw err;
    } finally {
      this.o.onChange();
    }
  }
}
