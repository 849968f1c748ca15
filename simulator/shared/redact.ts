/**
 * Redaction by shape and a safe preview (`redact("eyJhbGciOi...long")` -> `"eyJhbG…[redacted, 812 chars]"`).
 * One implementation, owned by the client (which must stand alone against a real org and so cannot
 * import the simulator): the simulator masks exactly what the client masks.
 */
export { redact, scrubSecrets } from '../../client/redact.ts';
