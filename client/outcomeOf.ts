/**
 * Run `fn` now and hand its outcome over later: the value, or the same error thrown when it is
 * asked for. Work done ahead of its step (while the handoff waits on something else) so fails
 * where and as it always did.
 */
export function outcomeOf<T>(fn: () => T): () => T {
  try {
    const value = fn();
    return () => value;
  } catch (err) {
    return () => {
      throw err;
    };
  }
}
