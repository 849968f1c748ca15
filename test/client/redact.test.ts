import { generateKeyPairSync } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { HandoffConfigError } from '../../client/errors.ts';
import { redact, scrubSecrets } from '../../client/redact.ts';

const ROOT = join(import.meta.dirname, '../..');
/** A real private key, made for this run (never a key kept in the repository), and a line of its body. */
const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString().trim();
const KEY_BODY_LINE = pem.split('\n')[1]!;

describe('the client\'s redaction', () => {
  it('previews a secret without enough of it to use', () => {
    const token = `eyJhbGciOiJIUzI1NiJ9.${'a'.repeat(40)}.${'b'.repeat(43)}`;
    expect(redact(token)).toBe(`eyJhbG…[redacted, ${token.length} chars]`);
    expect(redact('short-secret')).toBe('…[redacted, 12 chars]');
    expect(redact(undefined)).toBe('[empty]');
  });

  it('scrubs bearer tokens, JWTs and PEM blocks out of a server message, and leaves the rest', () => {
    const jwt = `eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjLTEifQ.${'s'.repeat(86)}`;
    const text = scrubSecrets(`Token ${jwt} refused; header Bearer opaque-token-1234567890abcdefgh; key ${pem}; org 00DSIM000000001`);
    expect(text).not.toContain(jwt.split('.')[2]);
    expect(text).not.toContain('opaque-token-1234567890abcdefgh');
    expect(text).not.toContain(KEY_BODY_LINE);
    expect(text).toContain('Bearer opaque…[redacted, 31 chars]');
    expect(text).toContain('org 00DSIM000000001');
  });

  it('masks a Salesforce access token (session id `<org id>!<secret>`) bare, in JSON or after Bearer / OAuth, and keeps the org id readable', () => {
    const secret = `AQ0AQ${'x'.repeat(40)}.${'Y_z-9'.repeat(8)}`;
    for (const [text, kept] of [
      [`token 00DSIM000000001!${secret} end`, 'token 00DSIM000000001!'],
      [`{"access_token":"00D5g000004XXXXEAA!${secret}"}`, '{"access_token":"00D5g000004XXXXEAA!'],
      [`Authorization: OAuth 00D5g000004XXXX!${secret}`, 'Authorization: OAuth 00D5g000004XXXX!'],
      [`Authorization: Bearer 00D5g000004XXXX!${secret}`, 'Authorization: Bearer '],
    ] as const) {
      const scrubbed = scrubSecrets(text);
      expect(scrubbed).not.toContain(secret.slice(5, 30));
      expect(scrubbed).toContain(kept);
    }
    expect(scrubSecrets('Hello! 00D is a prefix; wow!')).toBe('Hello! 00D is a prefix; wow!');
  });

  it('masks a token or key a handoff error echoes (a bad value sent as the org id, a server that repeats it)', () => {
    const jwt = `eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjLTEifQ.${'s'.repeat(86)}`;
    const error = new HandoffConfigError({ step: 'configure', message: `orgId ${JSON.stringify(jwt)} is not an org id`, hint: 'pass the 00D… id', salesforceMessage: `bad value ${pem}` });
    for (const text of [error.message, error.salesforceMessage ?? '']) {
      expect(text).not.toContain(jwt.split('.')[2]);
      expect(text).not.toContain(KEY_BODY_LINE);
    }
    expect(error.message).toContain(`orgId "eyJhbG…[redacted, ${jwt.length} chars]" is not an org id`);
  });

  it('is the client\'s own: no client module pulls in anything of the simulator', async () => {
    const entryPoints = readdirSync(join(ROOT, 'client')).filter((f) => f.endsWith('.ts')).map((f) => join(ROOT, 'client', f));
    const { metafile } = await build({ entryPoints, bundle: true, write: false, metafile: true, platform: 'node', format: 'esm', packages: 'external', absWorkingDir: ROOT, outdir: join(ROOT, 'out'), logLevel: 'silent' });
    const inputs = Object.keys(metafile.inputs);
    expect(inputs.filter((path) => path.startsWith('client/'))).toContain('client/miawApi.ts');
    expect(inputs.filter((path) => !path.startsWith('client/'))).toEqual([]);
  });
});
