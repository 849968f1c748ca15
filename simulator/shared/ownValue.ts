/**
 * The value `record` holds under `key` itself, never one it inherits: with user keys (routing
 * attributes, placeholder names, anything read from a request or a file), `record[key]` would
 * answer `constructor`, `__proto__`, `valueOf` and the like from `Object.prototype`.
 */
export const ownValue = <T>(record: Readonly<Record<string, T>>, key: string): T | undefined => (Object.hasOwn(record, key) ? record[key] : undefined);

