import { cutText } from '../cutText.ts';
import type { HandoffSession } from '../types.ts';
import type { EmailCaseConfig } from './emailCaseConfig.ts';

/** Longest Case.Subject and Case.Description, and EmailMessage.TextBody (Salesforce's field lengths). */
const SUBJECT_MAX = 255;
const DESCRIPTION_MAX = 32_000;
export const TEXT_BODY_MAX = 131_072;

/** The contact's name as one string: `name`, or first and last. */
export function contactName(session: HandoffSession): string | undefined {
  const { name, firstName, lastName } = session.contact;
  const joined = name?.trim() || [firstName, lastName].filter((p) => p?.trim()).join(' ');
  return joined || undefined;
}

/** The case's subject: the summary's first line, or a generic one. */
function subjectOf(session: HandoffSession): string {
  const first = session.summary.trim().split('\n')[0]?.trim();
  return cutText(first || `Conversation ${session.sessionId} handed to a rep`, SUBJECT_MAX);
}

/**
 * The Case fields of an Email Case: Subject (the summary's first line), Description (the summary,
 * then the routing attributes `emailCase.fieldMap` leaves out), Origin, the contact as SuppliedEmail
 * / SuppliedName / SuppliedPhone, and each mapped routing attribute in its Case field. The External
 * ID goes in the upsert's URL, not here.
 */
export function caseFields(session: HandoffSession, routingAttributes: Record<string, string>, config: EmailCaseConfig): Record<string, string> {
  const mapped: Array<[string, string]> = [];
  const unmapped: string[] = [];
  for (const [attribute, value] of Object.entries(routingAttributes)) {
    const field = Object.hasOwn(config.fieldMap, attribute) ? config.fieldMap[attribute] : undefined;
    if (field) mapped.push([field, value]);
    else if (attribute !== 'OpencxSessionId') unmapped.push(`${attribute}: ${value}`);
  }
  const description = [session.summary.trim() || '(no summary given)', ...(unmapped.length ? ['', 'Routing attributes:', ...unmapped] : [])].join('\n');
  const name = contactName(session);
  return {
    Subject: subjectOf(session),
    Description: cutText(description, DESCRIPTION_MAX),
    Origin: config.origin,
    ...(session.contact.email ? { SuppliedEmail: session.contact.email } : {}),
    ...(name ? { SuppliedName: cutText(name, 80) } : {}),
    ...(session.contact.phone ? { SuppliedPhone: cutText(session.contact.phone, 40) } : {}),
    ...Object.fromEntries(mapped),
  };
}

/**
 * The transcript as the customer's incoming email on the case (what Email-to-Case shows in the
 * case feed, and what the rep answers from): from the contact, the summary and history as its text.
 */
export function transcriptEmail(session: HandoffSession, caseId: string, subject: string, transcript: string): Record<string, string | boolean> {
  const name = contactName(session);
  return {
    ParentId: caseId,
    Incoming: true,
    Status: '0',
    Subject: subject,
    TextBody: transcript,
    ...(session.contact.email ? { FromAddress: session.contact.email } : {}),
    ...(name ? { FromName: name } : {}),
  };
}
