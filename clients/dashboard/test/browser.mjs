// Debian's Chromium (/usr/bin/chromium), headless, driven by playwright-core: no browser is
// downloaded. Each launch gets a new empty profile, removed on close.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const args = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Launches Chromium with an empty profile. Resolves to { context, close() }; the context's
 * pages record console errors and uncaught page errors in `errors`.
 */
export async function launchBrowser({ width = 1280, height = 900, locale = 'zh-CN' } = {}) {
  const profile = await mkdtemp(path.join(os.tmpdir(), 'dashboard-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args,
    viewport: { width, height },
    locale,
    timezoneId: 'Asia/Shanghai',
  });
  const errors = [];
  const watch = (page) => {
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`console: ${message.text()} (${page.url()})`);
    });
    page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  return {
    context,
    errors,
    async close() {
      await context.close().catch(() => {});
      await rm(profile, { recursive: true, force: true });
    },
  };
}
