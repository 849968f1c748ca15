import type { Participant } from '../../store/types.ts';

/** Fixed non-human participants and the default rep. */
export const ROUTER: Participant & { displayName: string } = {
  role: 'Router',
  appType: 'conversation',
  subject: 'miaw-sim/router',
  clientIdentifier: 'miaw-sim-router',
  displayName: 'Automated Process',
};

export const SYSTEM: Participant & { displayName: string } = {
  role: 'System',
  appType: 'conversation',
  subject: 'miaw-sim/system',
  clientIdentifier: 'miaw-sim-system',
  displayName: 'Automated Process',
};

export interface RepIdentity {
  /** User record id (`005` prefix), or a bot's BotDefinition id (`0Xx`). */
  userId: string;
  displayName: string;
  /** An Einstein or Agentforce bot (participant role `Chatbot`), not a human. */
  bot?: boolean;
}

export const DEFAULT_REP: RepIdentity = { userId: '005SIM000000001AAA', displayName: 'Sim Rep' };

/** A rep as a participant: a human (role Agent) or a bot (role Chatbot, app type chatbot, no client identifier, as Salesforce's token-streaming sample shows). */
export const repParticipant = (rep: RepIdentity): Participant & { displayName: string } =>
  rep.bot
    ? { role: 'Chatbot', appType: 'chatbot', subject: rep.userId, clientIdentifier: '', displayName: rep.displayName }
    : { role: 'Agent', appType: 'agent', subject: rep.userId, clientIdentifier: `agent-${rep.userId}`, displayName: rep.displayName };

export const endUserParticipant = (subject: string, clientIdentifier: string): Participant => ({
  role: 'EndUser',
  appType: 'iamessage',
  subject,
  clientIdentifier,
});

/** Just the four fields an entry's `sender` (and a ParticipantChanged `participant`) carries. */
export const asSender = ({ role, appType, subject, clientIdentifier }: Participant): Participant => ({ role, appType, subject, clientIdentifier });
