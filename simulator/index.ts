/**
 * miaw-sim's public entry: start a simulator from your own tests or tools, and the few pieces the
 * `miaw-sim` command and the scenario runner share with you. Nothing here exposes the simulator's
 * internals (its store, its routing): reach them through the control API (`sim.controlUrl`).
 */
export { startSimulator, createApp, authKeyIdOf, type RunningSimulator, type StartOptions } from './server/start.ts';
export { ManualClock, SimClock, type Clock } from './shared/clock.ts';
export { defaultOptions, type SimOptions, type VerificationFailureMode } from './server/options.ts';
export { optionRangeProblem } from './server/optionRanges.ts';
export { DEFAULT_CONSUMER_KEY, DEFAULT_DEPLOYMENT, DEFAULT_INTEGRATION_USER, DEFAULT_ISSUER, DEFAULT_KEYSET, DEFAULT_ORG_ID } from './store/seed.ts';
export { generateRsaKeyPair, type PemKeyPair } from './auth/keyPair.ts';
export { certificateForKeyPair, type KeyCertificate } from './auth/keyCertificate.ts';
export { readStateFile, writeStateFile, type StateSnapshot } from './server/stateFile.ts';
export { configJsonSchema } from './config/configSchema.ts';
export { checkAgainst, type Checked } from './shared/validation.ts';
export { linearRegex, linearRegexProblem, type LinearRegex } from './shared/linearRegex.ts';
export { to18 } from './shared/ids.ts';
export { messageText, type MessageWords } from './serialize/messageText.ts';
export { advanceMs, ClockAdvance } from './shared/clockAdvance.ts';
export { packageInfo } from './shared/packageInfo.ts';
export { bindsBeyondLoopback } from './server/accessPolicy.ts';
export { CLIENT_ENV, clientEnvironment, type ClientEnvironment } from './server/clientEnvironment.ts';
