import * as fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { orchEnvironment } from '../environment/orch-environment';

/** The Chromium the browser checks use: Debian's package by default (browser downloads fail on these machines). */
export function chromiumPath(): string {
  return orchEnvironment().chromiumPath;
}

/** Why a browser check cannot run here, or undefined when Chromium is installed. */
export function chromiumMissingReason(): string | undefined {
  const path = chromiumPath();
  return fs.existsSync(path) ? undefined : `no Chromium at ${path} (install Debian's chromium or set CHROMIUM_PATH)`;
}

/**
 * Headless Chromium as it runs on these machines: as root it needs --no-sandbox, and without the
 * background-networking flags it keeps dialling hosts this closed network refuses.
 */
export async function launchChromium(): Promise<Browser> {
  // Loaded on first use, so suites without browser checks never load playwright-core.
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: chromiumPath(),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}
