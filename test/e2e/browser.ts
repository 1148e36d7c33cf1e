/**
 * Debian's Chromium driven by playwright-core (never a downloaded browser), with a fresh profile.
 * When it is missing the tests install it from Debian's packages (as root), as .ci/run does.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = path.resolve(__dirname, '..', '..', 'test-artifacts', 'e2e');

export interface LaunchedBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/** Installs Debian's chromium package when it is missing and we may (root); otherwise says how. */
export function ensureChromium(): void {
  if (fs.existsSync(CHROMIUM)) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`${CHROMIUM} is missing: run "apt-get update && apt-get install -y chromium" as root`);
  }
  const apt = (args: string[]) =>
    execFileSync('apt-get', args, { stdio: 'inherit', timeout: 600_000, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  apt(['update']);
  apt(['install', '-y', 'chromium']);
  if (!fs.existsSync(CHROMIUM)) throw new Error(`apt-get did not install ${CHROMIUM}`);
}

export async function launchChromium(): Promise<LaunchedBrowser> {
  ensureChromium();
  // launch() gives Chromium a fresh temporary profile (it refuses --user-data-dir; that is what
  // launchPersistentContext is for) and deletes it on close.
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    browser,
    async close() {
      await browser.close();
    },
  };
}
