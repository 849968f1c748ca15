import { truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileTooLargeError, readBoundedText } from '../../simulator/shared/readBoundedText.ts';
import { startSimulator } from '../../simulator/index.ts';
import { tempDir } from '../helpers/tempDir.ts';

/**
 * Files the user names are read a chunk at a time up to a limit: `readFileSync` read `/dev/zero`
 * (or `/dev/urandom`, or a huge file) until the memory ran out, so `--config /dev/zero`,
 * `--import /dev/zero` (a state file: at most 512 MiB, about the longest string V8 parses), `--cert /dev/zero` and a key's `publicKeyFile` hung the start.
 */
describe('files the user names are read up to a limit', () => {
  const bigFile = (name: string, bytes: number) => {
    const file = join(tempDir('miaw-sim-bounded'), name);
    writeFileSync(file, '');
    truncateSync(file, bytes);
    return file;
  };

  it('a config file, or a key file it names, past 16 MiB (or endless) is refused naming it', async () => {
    const big = bigFile('big.json', 16 * 1024 * 1024 + 1);
    await expect(startSimulator({ configFile: big })).rejects.toThrow(`[miaw-sim] Invalid config ${big}: (file): is larger than 16777216 bytes, more than a config file can be`);
    await expect(startSimulator({ configFile: '/dev/zero' })).rejects.toThrow('[miaw-sim] Invalid config /dev/zero: (file): is larger than 16777216 bytes');

    const dir = tempDir('miaw-sim-bounded');
    const config = join(dir, 'miaw-sim.config.json');
    writeFileSync(config, JSON.stringify({ keysets: [{ orgId: '00DSIM000000001', name: 'K2', issuer: 'i', keys: [{ kid: 'k', publicKeyFile: '/dev/zero' }] }] }));
    await expect(startSimulator({ configFile: config })).rejects.toThrow(`[miaw-sim] Invalid config ${config}: keysets.0.keys.0.publicKeyFile: /dev/zero is larger than 16777216 bytes: it is not a PEM file`);
  });

  it('reads a file to its end under the limit, and stops at the limit on an endless one', () => {
    const file = join(tempDir('miaw-sim-bounded'), 'small.txt');
    writeFileSync(file, 'x'.repeat(200_000));
    expect(readBoundedText(file, 200_000)).toHaveLength(200_000);
    expect(() => readBoundedText(file, 199_999)).toThrow(FileTooLargeError);
    expect(() => readBoundedText('/dev/zero', 100_000)).toThrow(`/dev/zero is larger than 100000 bytes`);
  });

  it('--cert and --key past the limit are refused naming the file', async () => {
    const cert = bigFile('cert.pem', 16 * 1024 * 1024 + 1);
    await expect(startSimulator({ cert, key: cert })).rejects.toThrow(`[miaw-sim] The certificate file ${cert} is larger than 16777216 bytes: it is not a PEM certificate.`);
  });
});
