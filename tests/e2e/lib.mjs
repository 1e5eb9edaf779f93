// Shared helpers for the end-to-end tests: a headless Chromium driven by
// playwright-core, with every request to another host blocked.
import { createRequire } from "node:module";
import { mkdirSync } from "node:fs";
import path from "node:path";

const require = createRequire(import.meta.url);
const { chromium } = require(process.env.PLAYWRIGHT_CORE ?? "playwright-core");

export const BASE_URL = process.env.BASE_URL ?? "http://127.0.0.1:8080/";
export const SCREENSHOT_DIR = process.env.SCREENSHOT_DIR ?? "tests/e2e/screenshots";

// playwright-core gives every launch a fresh, empty profile of its own.
export async function launch() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
      "--no-first-run",
    ],
  });
  return browser;
}

/// A page on which any request that is not to 127.0.0.1 fails the test.
export async function openPage(browser, url = BASE_URL, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, ...options });
  const page = await context.newPage();
  const foreign = [];
  const errors = [];
  await page.route("**/*", (route) => {
    const u = new URL(route.request().url());
    if (u.protocol === "file:" || u.protocol === "data:" || u.hostname === "127.0.0.1") return route.continue();
    foreign.push(u.href);
    return route.abort();
  });
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  await page.goto(url);
  return { page, foreign, errors };
}

export async function screenshot(page, name) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  return file;
}
