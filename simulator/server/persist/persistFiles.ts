import type { FaultRulesSnapshot } from '../../faults/faultRules.ts';
import type { StateSnapshot } from '../stateFile.ts';

/** The files of a `--persist` directory. */
/** `next`: the log begun when a snapshot started being written in the background, until that snapshot is in place. */
export const PERSIST_FILES = { snapshot: 'snapshot.json', log: 'changes.jsonl', next: 'changes.next.jsonl', lock: 'lock' } as const;

export const PERSIST_FORMAT = 'miaw-sim-persist/1';

/**
 * A snapshot: the state export (`GET /__sim/v1/state`'s format, usable with `--import`) plus what the
 * export leaves out on purpose and a restart needs: the fault rules, the secret access tokens are
 * signed with and the default key pair. `generation` pairs it with the change log written after it.
 */
export interface PersistSnapshot {
  format: typeof PERSIST_FORMAT;
  generation: number;
  tokenSecret: string;
  keyPair: { privateKeyPem: string; publicKeyPem: string };
  faults: FaultRulesSnapshot;
  state: StateSnapshot;
}
