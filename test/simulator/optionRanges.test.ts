import { describe, expect, it } from 'vitest';
import { readOptionFlags } from '../../cli/optionFlags.ts';
import { startSimulator } from '../../simulator/index.ts';

/**
 * A port past 65535 failed with Node's own message naming no flag, and a ping interval of 0 or past
 * 2^31-1 ms was taken by Node's timers as 1 ms: a keep-alive per millisecond on every open stream.
 */
describe('options with bounds', () => {
  it('the CLI names the flag (or variable) and the range', () => {
    expect(() => readOptionFlags({ port: '70000' }, {})).toThrow('[miaw-sim] --port must be a whole number from 0 to 65535, got "70000".');
    expect(() => readOptionFlags({}, { PORT: '65536' })).toThrow('[miaw-sim] MIAW_SIM_PORT must be a whole number from 0 to 65535, got "65536".');
    expect(() => readOptionFlags({ pingIntervalMs: '0' }, {})).toThrow('[miaw-sim] --ping-interval-ms must be a whole number from 1 to 2147483647, got "0".');
    expect(() => readOptionFlags({ pingIntervalMs: '3000000000' }, {})).toThrow('--ping-interval-ms must be a whole number from 1 to 2147483647');
    expect(() => readOptionFlags({ jwksTimeoutMs: '0' }, {})).toThrow('--jwks-timeout-ms must be a whole number from 1 to 2147483647');
    expect(readOptionFlags({ port: '65535', pingIntervalMs: '2147483647', jwksTimeoutMs: '1' }, {})).toEqual({ port: 65535, pingIntervalMs: 2147483647, jwksTimeoutMs: 1 });
  });

  it('startSimulator refuses them from code before it listens, naming the option', async () => {
    await expect(startSimulator({ port: 70000 })).rejects.toThrow('[miaw-sim] Invalid option port: must be a whole number from 0 to 65535, got 70000.');
    await expect(startSimulator({ pingIntervalMs: 0 })).rejects.toThrow('[miaw-sim] Invalid option pingIntervalMs: must be a whole number from 1 to 2147483647, got 0.');
    await expect(startSimulator({ jwksTimeoutMs: 1.5 })).rejects.toThrow('Invalid option jwksTimeoutMs');
    await expect(startSimulator({ port: '4242' as unknown as number })).rejects.toThrow('Invalid option port');
  });
});

describe('a --host that names nothing', () => {
  it('is refused naming the host, not with getaddrinfo\'s bare ENOTFOUND', async () => {
    await expect(startSimulator({ host: '999.1.1.1' })).rejects.toThrow(/^\[miaw-sim\] 999\.1\.1\.1 is not a name or address this machine can listen on \((ENOTFOUND|EAI_AGAIN)\)/);
  });
});
