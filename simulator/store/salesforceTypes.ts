import type { JWK } from 'jose';

/** A connected app that takes the OAuth 2.0 JWT bearer grant: its consumer key and the public key of its certificate. */
export interface ConnectedApp {
  orgId: string;
  /** The app's API name, as Setup shows it. */
  name: string;
  /** The `client_id`: what a JWT assertion's `iss` must be. */
  consumerKey: string;
  /** The public key of the certificate registered under "Use digital signatures". */
  publicJwk: JWK;
  /** The certificate itself (public), when one was registered rather than a bare key. */
  certificatePem?: string;
  /** Usernames pre-authorized for the app ("Admin approved users are pre-authorized"); every user of the org when left out. */
  preAuthorizedUsers?: string[];
}

/** An org user the integration runs as (the assertion's `sub`). */
export interface IntegrationUser {
  orgId: string;
  /** 18-character user id (005...). */
  id: string;
  username: string;
  name: string;
  email: string;
}

/** An OAuth access token issued by the JWT bearer grant: opaque, remembered here until it expires. */
export interface RestSession {
  orgId: string;
  userId: string;
  username: string;
  app: string;
  expiresAt: number;
}

export type SObjectType = 'Case' | 'EmailMessage';
export type FieldValue = string | boolean | null;

/** A custom field an org adds (config file `customFields`): `OpencxSessionId__c` on Case, say. */
export interface CustomField {
  sobject: SObjectType;
  name: string;
  kind?: 'string' | 'textarea' | 'email' | 'boolean';
  length?: number;
  externalId?: boolean;
  /** Unique: no two records of an org hold the same value (describe's `unique`). */
  unique?: boolean;
  /** With unique: "ABC" and "abc" are two values (describe's `caseSensitive`); else they are one, and upsert matches either. */
  caseSensitive?: boolean;
  required?: boolean;
}

/** A record of one of the sObjects the simulator keeps (Case, EmailMessage). */
export interface SObjectRecord {
  type: SObjectType;
  /** 18-character record id (500... for a Case, 02s... for an EmailMessage). */
  id: string;
  orgId: string;
  /** Field values by API name: the standard fields the simulator fills (CaseNumber, CreatedDate...) and what clients wrote. */
  fields: Record<string, FieldValue>;
}

/** An email a rep sent from a case: what the customer would receive. */
export interface OutboxMail {
  id: string;
  orgId: string;
  caseId: string;
  caseNumber: string;
  /** The EmailMessage record the reply is on the case as. */
  emailMessageId: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  rep: string;
  sentAt: number;
}
