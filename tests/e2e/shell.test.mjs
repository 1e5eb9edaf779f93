// The page loads, shows the app, reacts to typing, and talks to no other host.
import { test } from "node:test";
import assert from "node:assert/strict";
import { launch, openPage, screenshot } from "./lib.mjs";

test("the app shell loads and reacts to typing", async () => {
  const browser = await launch();
  try {
    const { page, foreign, errors } = await openPage(browser);
    await page.waitForSelector("textarea", { timeout: 20000 });
    assert.equal(await page.locator("#loading").count(), 0, "the loading message is gone");
    await page.locator("textarea").first().fill("a: 1\nb: 2\nc: 3\n");
    await page.waitForFunction(() => document.body.textContent.includes("3"));
    await screenshot(page, "shell");
    assert.deepEqual(foreign, [], "no request to any other host");
    assert.deepEqual(errors, [], "no error in the console");
  } finally {
    await browser.close();
  }
});
