// Runaway inputs typed into the page: it answers, says why it stopped, and
// stays usable (the engine's caps, tighter in the browser).
import { test } from "node:test";
import assert from "node:assert/strict";
import { BASE_URL, launch, openPage, screenshot } from "./lib.mjs";

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
    const quick = job("  completions: 1", "true").replace("demesure", "rapide");
    // The "computing" line may live for a few frames only: count its
    // appearances as they happen.
    await page.evaluate(() => {
      window.__computing = 0;
      new MutationObserver(() => {
        if (document.querySelector("[data-testid=computing]")) window.__computing++;
      }).observe(document.body, { subtree: true, childList: true });
    });
    // The long run does not fit in one slice: the page says it is
    // computing. A newer text typed meanwhile replaces it.
    await page.evaluate(async ([a, b]) => {
      const area = document.querySelector("textarea[aria-label]");
      area.value = a;
      area.dispatchEvent(new InputEvent("input", { bubbles: true }));
      // One slice later (the page needs several for this run).
      await new Promise((r) => setTimeout(r, 0));
      area.value = b;
      area.dispatchEvent(new InputEvent("input", { bubbles: true }));
    }, [runaway, quick]);
    await page.waitForFunction(() => window.__computing > 0);
    await page.waitForFunction(() => !document.querySelector("[data-testid=computing]"));
    await page.waitForFunction(() => document.querySelector("[data-testid=job-card] .job-name")?.textContent === "job/rapide");
    // Left alone, the long run ends at the page's cap, and says so.
    const seen = await page.evaluate(() => window.__computing);
    await set(runaway);
    await page.waitForFunction((n) => window.__computing > n, seen);
    await page.waitForFunction(() => !document.querySelector("[data-testid=computing]"), null, { timeout: 20000 });
    await page.waitForFunction(() => document.querySelector("[data-testid=job-card] .job-name")?.textContent === "job/sans-fin");
    assert.match(await page.locator(".notes").textContent(), /10000/);
    const long = await page.evaluate(() => window.__long);
    console.log(`long tasks while computing: ${long.length}, longest ${Math.max(0, ...long).toFixed(0)} ms`);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test("a panic shows what happened and how to report it; the draft survives", async () => {
  const browser = await launch();
  try {
    const { page, errors } = await openPage(browser, `${BASE_URL}#lesson=backofflimit-counts-pods`);
    await page.waitForSelector("[data-testid=job-card]", { timeout: 20000 });
    const editor = "textarea[aria-label]";
    const draft = (await page.locator(editor).inputValue()) + "# mon brouillon avant la panne\n";
    await page.locator(editor).fill(draft);
    await page.waitForTimeout(300);
    // The same page, asked to panic on purpose.
    await page.goto(`${BASE_URL}?crash-test#lesson=backofflimit-counts-pods`);
    const alert = page.locator(".panic[role=alert]");
    await alert.waitFor({ timeout: 10000 });
    const text = await alert.textContent();
    assert.match(text, /erreur interne/);
    assert.match(text, /brouillon est enregistré/);
    assert.match(text, /équipe du cours/);
    assert.match(text, /crash test requested/, "the panic's own message, to report");
    assert.ok(errors.some((e) => /unreachable|RuntimeError/.test(e)), "the module stopped (panic = abort)");
    await screenshot(page, "11-panic");
    // Reloaded without the test switch: the draft is back.
    await page.goto(`${BASE_URL}#lesson=backofflimit-counts-pods`);
    await page.waitForSelector("[data-testid=job-card]", { timeout: 20000 });
    assert.equal(await page.locator(editor).inputValue(), draft);
  } finally {
    await browser.close();
  }
});

test("hostile or foreign postMessage payloads change nothing", async () => {
  const browser = await launch();
  try {
    const { page, errors } = await openPage(browser, `${BASE_URL}index.html`);
    const host = `<!doctype html><meta charset="utf-8"><title>hôte</title>
<iframe id="strict" width="800" height="400" src="index.html?embed&amp;lesson=backofflimit-counts-pods&amp;panes=stage,editor&amp;speed=1000&amp;origins=http://ailleurs.example"></iframe>
<iframe id="open" width="800" height="400" src="index.html?embed&amp;lesson=backofflimit-counts-pods&amp;panes=stage,editor&amp;speed=1000"></iframe>`;
    await page.route(`${BASE_URL}host2.html`, (route) => route.fulfill({ contentType: "text/html", body: host }));
    await page.goto(`${BASE_URL}host2.html`);
    const strict = page.frameLocator("#strict"), open = page.frameLocator("#open");
    await strict.locator("[data-testid=job-card]").waitFor({ timeout: 20000 });
    await open.locator("[data-testid=job-card]").waitFor({ timeout: 20000 });
    const manifest = (name) => `apiVersion: batch/v1
kind: Job
metadata: {name: ${name}}
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: t
        image: busybox:1.36
        command: [sh, -c, 'exit 0']
`;
    const post = (id, data) => page.evaluate(([id, data]) => document.getElementById(id).contentWindow.postMessage(data, location.origin), [id, data]);
    const name = (frame) => frame.locator("[data-testid=job-card] .job-name").first().textContent();
    const before = await name(open);
    // A host that is not in `origins` is not listened to.
    await post("strict", { type: "load", manifest: manifest("pirate") });
    // Malformed payloads from an allowed origin are dropped.
    for (const bad of ["load", 42, null, [], { type: "load" }, { type: "load", manifest: 12 }, { type: "seek", t: "abc" },
      { type: "load", manifest: "x".repeat(600 * 1024) }, { type: "__proto__", manifest: manifest("proto") }, { type: "eval", code: "window.__pwned = 1" }]) {
      await post("open", bad);
    }
    await page.waitForTimeout(500);
    assert.equal(await name(strict), before);
    assert.equal(await name(open), before);
    // Markup in a loaded manifest is shown as text, never run.
    await post("open", { type: "load", manifest: manifest("'<img src=x onerror=window.__pwned=1>'") });
    await open.locator("[data-testid=problems]").waitFor();
    assert.match(await open.locator("[data-testid=problems]").textContent(), /<img src=x onerror=window.__pwned=1>/);
    assert.equal(await open.locator("[data-testid=problems] img").count(), 0);
    // A valid message still works afterwards.
    await post("open", { type: "load", manifest: manifest("accepte") });
    await open.locator("[data-testid=job-card] .job-name", { hasText: "job/accepte" }).waitFor();
    const pwned = await page.evaluate(() => [...document.querySelectorAll("iframe")].some((f) => f.contentWindow.__pwned));
    assert.equal(pwned, false);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test("a 10 MB paste, 1 000-level nesting, 100 000 faults and a minutely CronJob are each answered", async () => {
  const browser = await launch();
  try {
    const { page, errors } = await openPage(browser, `${BASE_URL}#lesson=backofflimit-counts-pods`);
    await page.waitForSelector("[data-testid=job-card]", { timeout: 20000 });
    const problems = () => page.locator("[data-testid=problems]").textContent();
    // Deep flow nesting: refused by the reader, with a position (in French,
    // the page's language: these are the playground's own words).
    let ms = await typeAndTime(page, "a: " + "[".repeat(1000) + "]".repeat(1000) + "\n");
    assert.ok(ms < 3000, `nesting answered in ${ms.toFixed(0)} ms`);
    await page.waitForFunction(() => document.querySelector("[data-testid=problems]")?.textContent.includes("plus de 64 niveaux d'imbrication"));
    // A 10 MB paste: refused by size, and the text is kept, not cut.
    const big = "# " + "x".repeat(10 * 1024 * 1024) + "\n";
    ms = await typeAndTime(page, big);
    // Bounds are generous: most of this is Chromium laying out the
    // textarea, and a busy machine must not fail the test (a hang would).
    assert.ok(ms < 15000, `10 MB paste answered in ${ms.toFixed(0)} ms`);
    await page.waitForFunction(() => document.querySelector("[data-testid=problems]")?.textContent.includes("512 ko"));
    assert.equal(await page.evaluate(() => document.querySelector("textarea[aria-label]").value.length), big.length);
    // 100 000 faults in the scenario tab.
    await typeAndTime(page, job("  backoffLimit: 1", "exit 0"));
    await page.getByRole("tab", { name: "scenario.yaml" }).click();
    const faults = "faults:\n" + Array.from({ length: 100000 }, (_, i) => `  - at: ${i}s\n    action: deletePod\n`).join("");
    ms = await typeAndTime(page, faults);
    assert.ok(ms < 15000, `100 000 faults answered in ${ms.toFixed(0)} ms`);
    console.log(`10 MB paste ${big.length} B; 100 000 faults answered in ${ms.toFixed(0)} ms`);
    await page.waitForFunction(() => document.querySelector("[data-testid=problems]")?.textContent.includes("trop grand"));
    // (Most of that time is Chromium laying out a 200 000-line textarea.)
    await typeAndTime(page, "");
    await page.getByRole("tab", { name: "job.yaml" }).click();
    // A minutely CronJob: the page runs its default hour and lists its Jobs.
    await typeAndTime(page, `apiVersion: batch/v1
kind: CronJob
metadata: {name: chaque-minute}
spec:
  schedule: "* * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
          - name: t
            image: busybox:1.36
            command: [sh, -c, 'true']
`);
    // At the end of the hour: the history limits keep 3 Jobs.
    await page.waitForFunction(() => document.querySelector("[data-testid=scrubber]")?.getAttribute("max") === "3600000");
    await page.locator("[data-testid=scrubber]").fill("3600000");
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=job-card]").length >= 3, null, { timeout: 20000 });
    await screenshot(page, "12-minutely-cronjob");
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test("a lesson that cannot be fetched says so and leaves the editor to the learner", async () => {
  const browser = await launch();
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await page.route("**/lessons/*.yaml*", (route) => route.fulfill({ status: 404, body: "" }));
    await page.goto(`${BASE_URL}#lesson=backofflimit-counts-pods`);
    await page.waitForFunction(() => document.querySelector("[data-testid=lesson-loading]")?.textContent.includes("HTTP 404"), null, { timeout: 20000 });
    // The page bundles only the lessons' titles: without the lesson there
    // is nothing to run, but what the learner types runs.
    const editor = page.locator("textarea[aria-label]");
    assert.equal(await editor.evaluate((e) => e.readOnly), false);
    await editor.fill(`apiVersion: batch/v1
kind: Job
metadata: {name: mine}
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{name: a, image: busybox:1.36, command: [sh, -c, "exit 0"]}]
`);
    await page.waitForSelector("[data-testid=job-card]", { timeout: 20000 });
  } finally {
    await browser.close();
  }
});

test("while a lesson is on its way the editor waits, then shows it and runs", async () => {
  const browser = await launch();
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    let release;
    const held = new Promise((r) => (release = r));
    await page.route("**/lessons/07-*.yaml*", async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`${BASE_URL}#lesson=backoff-ladder&lang=en`);
    await page.waitForSelector("[data-testid=stage-loading]", { timeout: 20000 });
    const editor = page.locator("textarea[aria-label]");
    assert.equal(await editor.evaluate((e) => e.readOnly), true);
    assert.equal(await editor.inputValue(), "");
    // No problems about a text nobody wrote.
    assert.equal(await page.locator("[data-testid=invalid]").count(), 0);
    release();
    await page.waitForSelector("[data-testid=job-card]", { timeout: 20000 });
    assert.ok((await editor.inputValue()).includes("kind: Job"));
    assert.equal(await editor.evaluate((e) => e.readOnly), false);
    assert.ok((await page.locator("[data-testid=checks] li").count()) > 0);
  } finally {
    await browser.close();
  }
});

test("a faulty scenario is named as such from the manifest's tab", async () => {
  const browser = await launch();
  try {
    const { page, errors } = await openPage(browser, `${BASE_URL}#lesson=what-is-a-failure&lang=en`);
    await page.waitForSelector("[data-testid=job-card]", { timeout: 20000 });
    await page.getByRole("tab", { name: /scenario\.yaml/ }).click();
    await page.locator("textarea[aria-label]").fill("seed: -1\n");
    await page.getByRole("tab", { name: /job\.yaml/ }).click();
    await page.waitForSelector("[data-testid=other-tab]");
    assert.match(await page.locator("[data-testid=invalid]").textContent(), /The scenario has problems/);
    assert.match(await page.locator("[data-testid=problems]").textContent(), /No problems in this file; the problems are in scenario\.yaml \(1\)/);
    await page.locator("[data-testid=other-tab]").click();
    await page.waitForSelector("[data-testid=problems] li");
    assert.match(await page.locator("[data-testid=problems] li").first().textContent(), /seed/);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test("a full browser storage is said, not a draft silently lost", async () => {
  const browser = await launch();
  try {
    const { page, errors } = await openPage(browser, `${BASE_URL}#lesson=what-is-a-failure&lang=en`);
    await page.waitForSelector("[data-testid=job-card]", { timeout: 20000 });
    // Fill localStorage up to its quota.
    await page.evaluate(() => {
      const chunk = "x".repeat(256 * 1024);
      for (let i = 0; i < 200; i++) {
        try { localStorage.setItem(`filler.${i}`, chunk); } catch { break; }
      }
      for (let n = 16384; n >= 1; n = Math.floor(n / 2)) {
        try { localStorage.setItem(`filler.small.${n}`, "y".repeat(n)); } catch {}
      }
      for (let j = 0; j < 100000; j++) {
        try { localStorage.setItem(`f${j}`, "y"); } catch { break; }
      }
    });
    const editor = page.locator("textarea[aria-label]");
    await editor.fill((await editor.inputValue()) + "# " + "z".repeat(2000) + "\n");
    await page.waitForFunction(() => document.querySelector(".message")?.textContent.includes("browser's storage is full"), null, { timeout: 10000 });
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
