// Share links, embedding in a course page, sub-path hosting, the single
// file from file://, and what the page refuses (foreign hosts, scripts in
// links).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { BASE_URL, launch, openPage, screenshot } from "./lib.mjs";

const status = (page) => page.locator("[data-testid=job-status]").first().textContent();

test("a share link reproduces the exact run", async () => {
  const browser = await launch();
  try {
    const { page } = await openPage(browser, `${BASE_URL}#lesson=backofflimit-counts-pods&lang=fr`, { permissions: ["clipboard-read", "clipboard-write"] });
    await page.waitForSelector("[data-testid=job-card]", { timeout: 20000 });
    const text = await page.locator("textarea[aria-label]").inputValue();
    await page.locator("textarea[aria-label]").fill(text.replace("backoffLimit: 3", "backoffLimit: 1"));
    await page.locator("[data-testid=play]").click();
    await page.locator("[data-testid=scrubber]").fill("20000");
    await page.getByRole("button", { name: "Partager" }).click();
    const link = await page.evaluate(() => navigator.clipboard.readText());
    assert.ok(link.includes("&s=1."), link);
    assert.ok(link.length < 2000, `link of ${link.length} characters`);
    const before = { status: await status(page), pods: await page.locator("[data-testid=pod-card]").count(), clock: await page.locator("[data-testid=clock]").textContent() };

    const other = await openPage(browser, link);
    await other.page.waitForSelector("[data-testid=job-card]", { timeout: 20000 });
    const after = { status: await status(other.page), pods: await other.page.locator("[data-testid=pod-card]").count(), clock: await other.page.locator("[data-testid=clock]").textContent() };
    assert.deepEqual(after, before);
    assert.ok((await other.page.locator("textarea[aria-label]").inputValue()).includes("backoffLimit: 1"));
  } finally {
    await browser.close();
  }
});

test("a damaged or hostile link is set aside and shown as text", async () => {
  const browser = await launch();
  try {
    const { page, errors } = await openPage(browser, `${BASE_URL}#lesson=<img src=x onerror=alert(1)>&s=1.garbage<script>`);
    await page.waitForSelector("[data-testid=job-card]", { timeout: 20000 });
    assert.match(await page.locator(".message").textContent(), /illisible/);
    assert.equal(await page.locator("img").count(), 0, "nothing from the link becomes markup");
    const kept = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("jobsim.corrupt.link")));
    assert.equal(kept.length, 1);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test("two embeds on a course page each play their lesson and report to the host", async () => {
  const browser = await launch();
  try {
    const context = await browser.newContext({ viewport: { width: 1000, height: 1200 } });
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.route(`${BASE_URL}host.html`, (route) => route.fulfill({ contentType: "text/html", body: readFileSync(new URL("./host.html", import.meta.url)) }));
    await page.goto(`${BASE_URL}host.html`);
    await page.waitForFunction(() => window.received.filter((m) => m.data.type === "runFinished").length >= 2, null, { timeout: 30000 });
    const finished = await page.evaluate(() => window.received.filter((m) => m.data.type === "runFinished").map((m) => [m.from, m.data.lesson, m.data.condition]));
    assert.deepEqual(finished.map((f) => f[0]).sort(), ["a", "b"]);
    assert.ok(finished.some((f) => f[1] === "backofflimit-counts-pods" && f[2] === "Failed"), JSON.stringify(finished));
    // The host drives an embed: it plays again and reports again.
    await page.evaluate(() => window.drive());
    await page.waitForFunction(() => window.received.filter((m) => m.from === "a" && m.data.type === "runFinished").length >= 1);
    const frame = page.frame({ url: /backofflimit-counts-pods/ });
    assert.equal(await frame.locator(".topbar").count(), 0, "no chrome in an embed");
    await screenshot(page, "07-two-embeds");
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test("the build works under a sub-path, with no other host contacted", async () => {
  const browser = await launch();
  try {
    const { page, foreign, errors } = await openPage(browser, `${process.env.SUBPATH_URL}#lesson=oomkilled`);
    await page.waitForSelector("[data-testid=job-card]", { timeout: 20000 });
    // The lesson's prose is fetched relative to the page, under the sub-path.
    await page.waitForFunction(() => !document.querySelector("[data-testid=lesson-loading]") && document.querySelector(".lesson").textContent.length > 600);
    // Another lesson: its prose comes when it is opened.
    await page.locator("[data-testid=lesson-picker]").selectOption({ index: 2 });
    await page.waitForFunction(() => !document.querySelector("[data-testid=lesson-loading]") && document.querySelector(".lesson").textContent.length > 600);
    assert.deepEqual(foreign, []);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test("the single file works from file://", async () => {
  const browser = await launch();
  try {
    const url = pathToFileURL(process.env.SINGLE_FILE).href + "#lesson=native-sidecar";
    const { page, foreign, errors } = await openPage(browser, url, { permissions: ["clipboard-read", "clipboard-write"] });
    await page.waitForSelector("[data-testid=job-card]", { timeout: 30000 });
    await page.locator("[data-testid=scrubber]").fill("100000");
    // The lesson's prose travels inside the file (no fetch from file://).
    await page.waitForFunction(() => !document.querySelector("[data-testid=lesson-loading]") && document.querySelector(".lesson").textContent.length > 600);
    await screenshot(page, "08-single-file");
    // A share link from a file is the file's own address (an origin of
    // "null" would make no link at all), and the page says where it works.
    await page.getByRole("button", { name: "Partager" }).click();
    const link = await page.evaluate(() => navigator.clipboard.readText());
    assert.ok(link.startsWith(pathToFileURL(process.env.SINGLE_FILE).href + "#lesson=native-sidecar&"), link);
    assert.match(await page.locator(".message").textContent(), /ce fichier-ci/);
    const other = await openPage(browser, link);
    await other.page.waitForSelector("[data-testid=job-card]", { timeout: 30000 });
    assert.deepEqual(other.errors, []);
    assert.deepEqual(foreign, []);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test("an embed with no pane named shows the stage, and says when its lesson id is wrong", async () => {
  const browser = await launch();
  try {
    const { page, errors } = await openPage(browser, `${BASE_URL}?embed&panes=&lesson=nope-lesson#lang=en`);
    await page.waitForSelector("[data-testid=embed] [data-testid=job-card]", { timeout: 20000 });
    assert.match(await page.locator("[data-testid=embed] .message").textContent(), /nope-lesson/);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
