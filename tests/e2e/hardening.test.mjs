// Runaway inputs typed into the page: it answers, says why it stopped, and
// stays usable (the engine's caps, tighter in the browser).
import { test } from "node:test";
import assert from "node:assert/strict";
import { BASE_URL, launch, openPage } from "./lib.mjs";

const job = (spec, script) => `apiVersion: batch/v1
kind: Job
metadata: {name: demesure}
spec:
${spec}
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: t
        image: busybox:1.36
        command: [sh, -c, '${script}']
`;

async function typeAndTime(page, text) {
  return page.evaluate(async (m) => {
    const area = document.querySelector("textarea[aria-label]");
    const t0 = performance.now();
    area.value = m;
    area.dispatchEvent(new InputEvent("input", { bubbles: true }));
    await new Promise((r) => setTimeout(r, 0));
    await new Promise((r) => requestAnimationFrame(r));
    return performance.now() - t0;
  }, text);
}

test("runaway manifests are answered quickly, with a note", async () => {
  const browser = await launch();
  try {
    const { page, errors } = await openPage(browser, `${BASE_URL}#lesson=backofflimit-counts-pods`);
    await page.waitForSelector("[data-testid=job-card]", { timeout: 20000 });
    const cases = [
      job("  completions: 100000\n  parallelism: 100000", "sleep 5"),
      job("  backoffLimit: 2147483647", "exit 1"),
      job("  activeDeadlineSeconds: 60", "while true; do :; done"),
    ];
    for (const m of cases) {
      const ms = await typeAndTime(page, m);
      assert.ok(ms < 3000, `answered in ${ms.toFixed(0)} ms`);
      assert.equal(await page.locator("[data-testid=job-card]").count() >= 1, true);
    }
    assert.match(await page.locator(".notes").textContent(), /command|limit/);
    // An alias bomb and deep nesting are refused by the reader.
    const bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + Array.from({ length: 11 }, (_, i) => `a${i}: &a${i + 1} [${Array(10).fill(i ? `*a${i}` : "*a").join(", ")}]`).join("\n") + "\n";
    const ms = await typeAndTime(page, bomb);
    assert.ok(ms < 3000, `alias bomb answered in ${ms.toFixed(0)} ms`);
    await page.waitForFunction(() => document.querySelector("[data-testid=problems]")?.textContent.includes("yaml"));
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test("a long run is computed in slices: the page answers and a newer edit wins", async () => {
  const browser = await launch();
  try {
    const { page, errors } = await openPage(browser, `${BASE_URL}#lesson=backofflimit-counts-pods`);
    await page.waitForSelector("[data-testid=job-card]", { timeout: 20000 });
    // Long tasks (> 50 ms) on the main thread while the long run is computed.
    await page.evaluate(() => {
      window.__long = [];
      new PerformanceObserver((l) => window.__long.push(...l.getEntries().map((e) => e.duration))).observe({ type: "longtask" });
    });
    const set = (m) => page.evaluate((m) => {
      const area = document.querySelector("textarea[aria-label]");
      area.value = m;
      area.dispatchEvent(new InputEvent("input", { bubbles: true }));
    }, m);
    const runaway = job("  completions: 100000", "true").replace("demesure", "sans-fin");
    await set(runaway);
    // The run did not fit in one slice: the page says it is computing.
    await page.waitForSelector("[data-testid=computing]", { timeout: 5000 });
    // Typing goes on meanwhile; the newer text replaces the long run.
    await set(job("  completions: 1", "true").replace("demesure", "rapide"));
    await page.waitForSelector("[data-testid=computing]", { state: "detached", timeout: 20000 });
    await page.waitForFunction(() => document.querySelector("[data-testid=job-card] .job-name")?.textContent === "job/rapide");
    // Left alone, the long run ends at the page's cap, and says so.
    await set(runaway);
    await page.waitForSelector("[data-testid=computing]", { timeout: 5000 });
    await page.waitForSelector("[data-testid=computing]", { state: "detached", timeout: 20000 });
    await page.waitForFunction(() => document.querySelector("[data-testid=job-card] .job-name")?.textContent === "job/sans-fin");
    assert.match(await page.locator(".notes").textContent(), /10000/);
    const long = await page.evaluate(() => window.__long);
    console.log(`long tasks while computing: ${long.length}, longest ${Math.max(0, ...long).toFixed(0)} ms`);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
