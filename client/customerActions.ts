import type { CustomerFile, CustomerFileResult } from './customerFile.ts';

/** What a customer's reply led to: a new messaging session (after the rep ended the last), and the option it answered, if any. */
export interface CustomerMessageResult {
  newSession: boolean;
  /** Set when the reply was sent as a ChoicesResponse: the option chosen. */
  answered?: { optionId: string; title: string };
}

/** What the customer's channel does on a handed-off conversation. */
export interface CustomerActions {
  /**
   * The customer writes again on their channel; after the rep ended the session this starts a new
   * one (`newSession: true`). On a channel that shows options as typed text (SMS, phone, WhatsApp
   * beyond its buttons and lists) a reply naming an open choice's number ("2") or title
   * ("billing", any case) is sent as that choice (a ChoicesResponse); anything else as text.
   */
  sendCustomerMessage(text: string): Promise<CustomerMessageResult>;
  /** Answer the rep's open choice by option id (a button's `id`), number or title on any channel; anything else is sent as text. */
  answer(optionIdOrText: string): Promise<CustomerMessageResult>;
  /** Answer the rep's open form (a FormResponse with `values`); rejects when no form waits for an answer. */
  answerForm(values: Record<string, unknown>): Promise<CustomerMessageResult>;
  /**
   * The customer sends a file (MIAW Send File: a multipart upload). Checked before any request: a
   * `HandoffConfigError` names the bad field (name or mimeType empty or over 255 characters, empty
   * data, more than `fileMaxBytes`). Retried like a message under one message id, so it is never
   * recorded twice; after the rep ended the session it starts a new one (`newSession: true`).
   */
  sendFile(file: CustomerFile): Promise<CustomerFileResult>;
  /** The customer read rep message `entryId`: acknowledged to Salesforce as Read (once). False when no such message was delivered. */
  markRead(entryId: string): boolean;
  /** Resolves when every receipt so far has been sent to Salesforce (e.g. before shutting down). */
  flushReceipts(): Promise<void>;
}
