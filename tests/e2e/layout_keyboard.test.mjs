// The page on a phone, on a projector, and from the keyboard: nothing runs
// out of its box, and every part can be reached and left without a mouse.
import { test } from "node:test";
import assert from "node:assert/strict";
import { BASE_URL, launch, openPage, screenshot } from "./lib.mjs";

async function toEnd(page) {
  await page.waitForSelector("[data-testid=timeline]", { timeout: 20000 });
  const play = page.locator("[data-testid=play]");
  if (/pause/i.test((await play.getAttribute("aria-label")) || "")) await play.click();
  await page.locator("[data-testid=scrubber]").fill("100000000");
  await page.waitForTimeout(300);
}

test("a phone gets no sideways page, and the timeline scrolls in its own box", async () => {
  const browser = await launch();
  try {
    const { page, errors } = await openPage(browser, `${BASE_URL}#lesson=backoff-ladder&lang=fr`, { viewport: { width: 390, height: 800 } });
    await toEnd(page);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 390, "the page is as wide as the phone");
    const svg = await page.evaluate(() => {
      const s = document.querySelector("[data-testid=timeline]");
      return { width: s.getBoundingClientRect().width, scroller: s.parentElement.scrollWidth > s.parentElement.clientWidth };
    });
    assert.ok(svg.width >= 800 && svg.scroller, JSON.stringify(svg));
    await screenshot(page, "20-phone");
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test("presenter mode on a 1024×700 projector keeps each Job's status in its card", async () => {
  const browser = await launch();
  try {
    const { page } = await openPage(browser, `${BASE_URL}#lesson=cronjob-concurrency&lang=fr`, { viewport: { width: 1024, height: 700 } });
    await toEnd(page);
    await page.locator("header button", { hasText: "Présenter" }).click();
    await page.waitForTimeout(200);
    const out = await page.evaluate(() => [...document.querySelectorAll("[data-testid=job-card]")].map((c) => {
      const h = c.querySelector(".job-headline");
      return { text: h.textContent, over: h.scrollWidth - h.clientWidth, past: h.getBoundingClientRect().right - c.getBoundingClientRect().right };
    }).filter((x) => x.over > 0 || x.past > 0));
    assert.deepEqual(out, [], "headlines running out of their card");
    await screenshot(page, "21-presenter-1024");
  } finally {
    await browser.close();
  }
});

test("restarts in place label their back-offs without writing over each other", async () => {
  const browser = await launch();
  try {
    const { page } = await openPage(browser, `${BASE_URL}#lesson=strategy-retry-with-timeout&lang=en`);
    await toEnd(page);
    const labels = await page.evaluate(() => [...document.querySelectorAll("[data-testid=timeline] .gap-label")].map((t) => {
      const r = t.getBoundingClientRect();
      return { text: t.textContent, left: r.left, right: r.right, top: Math.round(r.top) };
    }));
    assert.ok(labels.length >= 3, JSON.stringify(labels));
    for (const [i, a] of labels.entries()) {
      for (const b of labels.slice(i + 1)) {
        if (a.top === b.top) assert.ok(a.right <= b.left || b.right <= a.left, `${a.text} overlaps ${b.text}`);
      }
    }
    // Every wait keeps its full name on hover.
    const titles = await page.locator("[data-testid=timeline] rect.gap title").allTextContents();
    assert.ok(titles.filter((t) => t.startsWith("back-off")).length >= 9, JSON.stringify(titles));
    // The card measures the limit in restarts, as the controller does.
    assert.match(await page.locator("[data-testid=job-restarts]").textContent(), /restarts 10 \/ 10/);
  } finally {
    await browser.close();
  }
});

test("the keyboard opens and closes the help, and leaves the editor", async () => {
  const browser = await launch();
  try {
    const { page, errors } = await openPage(browser, `${BASE_URL}#lesson=no-such-lesson&lang=en`);
    await page.waitForSelector("[data-testid=job-card]", { timeout: 20000 });
    // A mistyped lesson in the address is said, not hidden.
    assert.match(await page.locator(".message").textContent(), /does not exist.*“no-such-lesson”/);
    await page.locator("body").click({ position: { x: 5, y: 300 } });
    await page.keyboard.press("?");
    await page.waitForFunction(() => document.querySelector("[data-testid=help]")?.open);
    assert.equal(await page.evaluate(() => document.activeElement.closest("dialog") !== null), true, "focus is in the dialog");
    // The page behind is inert: Tab never reaches its buttons (past the
    // dialog's last button, focus goes to the browser, i.e. the body).
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press("Tab");
      const where = await page.evaluate(() => (document.activeElement === document.body || document.activeElement.closest("dialog") ? "ok" : document.activeElement.outerHTML.slice(0, 80)));
      assert.equal(where, "ok", "focus left the dialog for the page behind");
    }
    // Nor do the shortcuts act on the run behind it.
    const playing = await page.locator("[data-testid=play]").getAttribute("aria-label");
    await page.keyboard.press(".");
    assert.equal(await page.locator("[data-testid=play]").getAttribute("aria-label"), playing, "play/pause behind the dialog");
    await screenshot(page, "22-help");
    await page.keyboard.press("Escape");
    await page.waitForFunction(() => !document.querySelector("[data-testid=help]").open);
    // In the editor Tab indents; Escape then Tab moves on.
    const area = page.locator("textarea[aria-label]");
    await area.focus();
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.tagName), "TEXTAREA");
    await page.keyboard.press("Escape");
    await page.keyboard.press("Tab");
    assert.notEqual(await page.evaluate(() => document.activeElement.tagName), "TEXTAREA");
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test("the kubectl panel shows each new answer from its command line", async () => {
  const browser = await launch();
  try {
    const { page, errors } = await openPage(browser, `${BASE_URL}#lesson=cronjob-history-and-alerts&lang=fr`);
    await toEnd(page);
    for (const cmd of ["get pods", "describe cronjob rapport-stocks", "get jobs"]) {
      await page.locator("[data-testid=kubectl-input]").fill(cmd);
      await page.locator("[data-testid=kubectl-input]").press("Enter");
      await page.waitForTimeout(150);
      const view = await page.evaluate(() => {
        const out = document.querySelector("[data-testid=kubectl-output]");
        const cmds = out.querySelectorAll(".kubectl-cmd");
        const last = cmds[cmds.length - 1];
        return { text: last.textContent, top: last.offsetTop - out.scrollTop, height: out.clientHeight, scrolls: out.scrollHeight > out.clientHeight };
      });
      assert.ok(view.text.endsWith(cmd), JSON.stringify(view));
      assert.ok(view.top >= 0 && view.top < view.height, `the command line of "${cmd}" is in view: ${JSON.stringify(view)}`);
    }
    await screenshot(page, "23-kubectl-scrolled");
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
