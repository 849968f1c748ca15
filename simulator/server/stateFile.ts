import { exportConversation } from '../serialize/stateEntries.ts';
import { describeFsError, writeFileAtomic } from '../shared/atomicFile.ts';
import { FILE_LIMITS, FileTooLargeError, readBoundedText } from '../shared/readBoundedText.ts';
import { scrubSecrets } from '../shared/redact.ts';
import { checkAgainst } from '../shared/validation.ts';
import type { SimContext } from './context.ts';
import { STATE_FORMAT, StateFile, type ImportedState, type StateSnapshot } from './stateSchema.ts';

export type { ImportedState, StateSnapshot } from './stateSchema.ts';

/** The whole state as `GET /__sim/v1/state` and `--export-on-exit` write it, typed by the schema `--import` checks it with. */
export const exportState = (ctx: SimContext): StateSnapshot => exportStateWith(ctx, ctx.store.conversations.snapshot().map(exportConversation));

/** The state export with `conversations` in place of the store's (a persisting simulator writes those one by one). */
export const exportStateWith = <C>(ctx: Pick<SimContext, 'store' | 'routing' | 'clock'>, conversations: C): Omit<StateSnapshot, 'conversations'> & { conversations: C } => ({
  format: STATE_FORMAT,
  ...ctx.store.exportWith(conversations),
  routing: ctx.routing.snapshot(),
  clock: { offsetMs: ctx.clock.offsetMs },
});

/** States `importState` checked (and so typed): what start-up takes as they are. */
const checked = new WeakSet<ImportedState>();

/**
 * Check a state export (parsed JSON) against the schema it was written with: every field, its type
 * and range, and what refers to what. The error is one line naming the source, the field and what
 * was expected.
 */
export function importState(json: unknown, source = 'state'): ImportedState {
  const result = checkAgainst(StateFile, json);
  if (!result.ok) throw new Error(scrubSecrets(`[miaw-sim] Cannot import ${source}: ${result.field}: ${result.expected}`));
  checked.add(result.data);
  return result.data;
}

/** A state to start from: one `importState`/`readStateFile` checked, or anything else, checked now. */
export function checkedState(state: unknown, source: string): ImportedState {
  return state && typeof state === 'object' && checked.has(state as ImportedState) ? (state as ImportedState) : importState(state, source);
}

/** Read a state export for `--import`; a bad file is named with the field that is wrong. */
export function readStateFile(file: string): ImportedState {
  let json: unknown;
  let text: string;
  try {
    text = readBoundedText(file, FILE_LIMITS.state);
  } catch (err) {
    if (err instanceof FileTooLargeError) throw new Error(`[miaw-sim] Cannot import ${file}: it is larger than ${err.maxBytes} bytes, more than a state export can be.`);
    throw new Error(`[miaw-sim] Cannot import ${file}: ${describeFsError(err, { ENOENT: 'no such file', EISDIR: 'it is a directory, not a state file' })}`);
  }
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(scrubSecrets(`[miaw-sim] Cannot import ${file}: it is not JSON (${(err as Error).message.split('\n')[0]})`));
  }
  return importState(json, file);
}

/**
 * Save a state export (`--export-on-exit`) atomically: the file holds the old export or the new one,
 * never a truncated mix, whatever happens meanwhile (a full disk, a crash). A failure throws one line
 * naming the file and the cause, and leaves the previous file as it was.
 */
export function writeStateFile(file: string, state: StateSnapshot): void {
  writeFileAtomic(file, JSON.stringify(state, null, 2), 'the state');
}
