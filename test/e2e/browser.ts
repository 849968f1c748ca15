import { afterAll, beforeAll } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../simulator/index.ts';
import { existsSync, rmSync } from 'node:fs';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { tempDir } from '../helpers/tempDir.ts';

/** Debian's Chromium: never a downloaded browser (`npx playwright install` cannot work here). */
export const CHROMIUM = process.env.MIAW_SIM_CHROMIUM ?? '/usr/bin/chromium';

/** Without the background-networking flags Chromium floods a closed network with refused connections. */
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface Browser {
  context: BrowserContext;
  /** A new tab whose page errors fail loudly (collected in `errors`). */
  page(): Promise<Page>;
  errors: string[];
  close(): Promise<void>;
}

/** Launch Chromium with a fresh user-data dir, removed again on close. */
export async function launchBrowser(viewport = { width: 1280, height: 860 }): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`[miaw-sim] No Chromium at ${CHROMIUM}. Install Debian's: apt-get update && apt-get install -y chromium (or set MIAW_SIM_CHROMIUM).`);
  const userDataDir = tempDir('miaw-sim-chromium');
  const context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport });
  const errors: string[] = [];
  return {
    context,
    errors,
    async page() {
      const page = await context.newPage();
      page.on('pageerror', (err) => errors.push(`${page.url()}: ${err.message}`));
      return page;
    },
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A simulator and a Chromium for one e2e suite, started together before it and closed after.
 * `sim` may be replaced by the suite (a restart); the replacement is stopped at the end.
 */
export function useSimAndBrowser(): { sim: RunningSimulator | undefined; browser: Browser } {
  const state = {} as { sim: RunningSimulator | undefined; browser: Browser };
  beforeAll(async () => {
    [state.sim, state.browser] = await Promise.all([startSimulator({ log: () => undefined }), launchBrowser()]);
  });
  afterAll(async () => {
    await state.browser?.close();
    await state.sim?.stop();
  });
  return state;
}
