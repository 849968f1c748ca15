import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDataDir } from '../../cli/dataDir.ts';
import { tmp } from '../helpers/cli.ts';

/** A data dir someone tampered with stops the start with one line naming the file, never a weaker simulator. */
describe('openDataDir with damaged files', () => {
  it('refuses an emptied or short token secret instead of signing access tokens with it', async () => {
    const dir = tmp();
    await openDataDir(dir);
    for (const secret of ['', '\n', 'c2hvcnQ']) {
      writeFileSync(join(dir, 'token-secret'), secret);
      await expect(openDataDir(dir)).rejects.toThrow(new RegExp(`^\\[miaw-sim\\] ${join(dir, 'token-secret')} does not hold a token secret`));
    }
  });

  it('names the key file that is not a PEM key, or a public key of another pair', async () => {
    const dir = tmp();
    const first = await openDataDir(dir);
    const publicPem = readFileSync(first.publicKeyFile, 'utf8');

    writeFileSync(first.publicKeyFile, 'garbage\n');
    await expect(openDataDir(dir)).rejects.toThrow(`[miaw-sim] ${first.publicKeyFile} is not a PEM public key.`);

    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    writeFileSync(first.publicKeyFile, other);
    await expect(openDataDir(dir)).rejects.toThrow(`[miaw-sim] ${first.publicKeyFile} is not the public key of ${first.privateKeyFile}`);

    writeFileSync(first.publicKeyFile, publicPem);
    writeFileSync(first.privateKeyFile, 'garbage\n');
    await expect(openDataDir(dir)).rejects.toThrow(`[miaw-sim] ${first.privateKeyFile} is not a PEM private key.`);
  });

  it('says a file is in the way of the data dir', async () => {
    const file = join(tmp(), 'not-a-dir');
    writeFileSync(file, '');
    await expect(openDataDir(file)).rejects.toThrow(`[miaw-sim] Cannot use ${file} as the data dir (--data-dir): a file, not a folder, is in the way.`);
  });

  it('makes a new control token when its file was emptied', async () => {
    const dir = tmp();
    const data = await openDataDir(dir);
    writeFileSync(data.controlTokenFile, '');
    const token = data.controlToken();
    expect(token).toMatch(/^[\w-]{32}$/);
    expect(readFileSync(data.controlTokenFile, 'utf8')).toBe(token);
  });

  it('opens a dir it made, again, unchanged', async () => {
    const dir = tmp();
    const first = await openDataDir(dir);
    const again = await openDataDir(dir);
    expect(again.created).toBe(false);
    expect(Buffer.from(again.tokenSecret)).toEqual(Buffer.from(first.tokenSecret));
    expect(again.publicKeyPem).toBe(first.publicKeyPem);
  });
});
