import { createPrivateKey, createPublicKey } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keysGenerateCommand } from '../../cli/keysCommand.ts';
import { expectNoPrivateKey, memoryOutput, tmp, useCli } from '../helpers/cli.ts';

const files = (dir: string) => ({ priv: join(dir, 'auth-private-key.pem'), pub: join(dir, 'auth-public-key.pem') });

describe('miaw-sim keys generate', () => {
  const { runCli } = useCli();

  it('writes a matching RSA 2048 pair, the private key 0600, and prints only the public key with what to do next', async () => {
    const dir = join(tmp(), 'keys');
    const { code, stdout, stderr } = await runCli(['keys', 'generate', '--out', dir]);
    expect(code, stderr).toBe(0);
    const { priv, pub } = files(dir);
    expect(statSync(priv).mode & 0o777).toBe(0o600);
    expect(statSync(pub).mode & 0o777).toBe(0o644);

    const privateKey = createPrivateKey(readFileSync(priv, 'utf8'));
    expect(privateKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    const publicPem = readFileSync(pub, 'utf8');
    expect(createPublicKey(privateKey).export({ type: 'spki', format: 'pem' })).toBe(publicPem);

    expect(stdout).toContain(publicPem.trim());
    expect(stdout).toContain('/__sim/v1/orgs/00DSIM000000001/keysets/Sim_Keyset/keys');
    expect(stdout).toContain('--auth-key-id');
    expectNoPrivateKey(stdout + stderr, [readFileSync(priv, 'utf8')]);
  });

  it('refuses to overwrite an existing pair without --force and leaves both files as they were', async () => {
    const dir = tmp();
    const { priv, pub } = files(dir);
    expect(await keysGenerateCommand({ out: dir, bits: 2048, force: false }, memoryOutput())).toBe(0);
    const before = [readFileSync(priv, 'utf8'), readFileSync(pub, 'utf8')];

    const again = await runCli(['keys', 'generate', '--out', dir]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^\[miaw-sim\] .*auth-private-key\.pem and .*auth-public-key\.pem already exist: nothing was written\..*--force/);
    expect(again.stdout).toBe('');
    expect([readFileSync(priv, 'utf8'), readFileSync(pub, 'utf8')]).toEqual(before);
    expectNoPrivateKey(again.stdout + again.stderr, before);
  });

  it('replaces the pair with --force, still 0600', async () => {
    const dir = tmp();
    const { priv } = files(dir);
    const io = memoryOutput();
    expect(await keysGenerateCommand({ out: dir, bits: 2048, force: false }, io)).toBe(0);
    const old = readFileSync(priv, 'utf8');
    expect(await keysGenerateCommand({ out: dir, bits: '3072', force: true }, io)).toBe(0);
    const replaced = readFileSync(priv, 'utf8');
    expect(replaced).not.toBe(old);
    expect(createPrivateKey(replaced).asymmetricKeyDetails?.modulusLength).toBe(3072);
    expect(statSync(priv).mode & 0o777).toBe(0o600);
    expectNoPrivateKey(io.text(), [old, replaced]);
  });

  it('refuses keys under 2048 bits and sizes other than 2048, 3072 or 4096, writing nothing', async () => {
    const dir = tmp();
    const small = await runCli(['keys', 'generate', '--out', dir, '--bits', '1024']);
    expect(small.code).toBe(1);
    expect(small.stderr).toContain('[miaw-sim] --bits must be 2048, 3072 or 4096, got "1024"');
    const io = memoryOutput();
    expect(await keysGenerateCommand({ out: dir, bits: 'lots', force: false }, io)).toBe(1);
    expect(io.errLines).toHaveLength(1);
    expect(existsSync(files(dir).priv) || existsSync(files(dir).pub)).toBe(false);
  });
});
