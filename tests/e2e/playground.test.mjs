// A whole lesson, driven in a real Chromium: load, play, scrub, break and
// fix the YAML, read kubectl, inject a fault, reload and keep the draft.
import { test } from "node:test";
import assert from "node:assert/strict";
import { BASE_URL, launch, openPage, screenshot } from "./lib.mjs";

const editor = 'textarea[aria-label]';

// The timeline's texts (axis, deadline, pod names) that the SVG clips.
async function clippedLabels(page) {
  return page.evaluate(() => {
    const svg = document.querySelector("[data-testid=timeline]").getBoundingClientRect();
    return [...document.querySelectorAll("[data-testid=timeline] text")]
      .filter((t) => { const r = t.getBoundingClientRect(); return r.left < svg.left - 0.5 || r.right > svg.right + 0.5; })
      .map((t) => t.textContent);
  });
}

async function scrubToEnd(page) {
  const max = await page.locator("[data-testid=scrubber]").getAttribute("max");
  await page.locator("[data-testid=scrubber]").fill(max);
}

test("a lesson runs, breaks, is fixed and passes its exercise", async () => {
  const browser = await launch();
  try {
    const { page, foreign, errors } = await openPage(browser, `${BASE_URL}#lesson=backofflimit-counts-pods&lang=fr`);
    await page.waitForSelector("[data-testid=job-card]", { timeout: 20000 });
    assert.equal(await page.locator("#loading").count(), 0, "the loading message is gone");
    // index.html preloads the module and its glue: each is downloaded once.
    const fetched = await page.evaluate(() => performance.getEntriesByType("resource").map((e) => new URL(e.name).pathname));
    for (const ext of [".wasm", ".js"]) {
      assert.equal(fetched.filter((p) => p.startsWith("/app-") && p.endsWith(ext)).length, 1, `app${ext} once: ${fetched}`);
    }
    // Every lesson is listed (titles come without parsing each lesson).
    const options = await page.locator("[data-testid=lesson-picker] option").allTextContents();
    assert.ok(options.length >= 29, `${options.length} lessons`);
    assert.equal(options[4], "5. backoffLimit\u00a0: ce que le nombre compte vraiment");
    await page.waitForTimeout(1500);
    await screenshot(page, "01-lesson-playing");
    // The exercise's goal is Markdown like the lesson: `backoffLimit` is code, no stray backticks.
    assert.equal(await page.locator(".exercise .md code").first().textContent(), "backoffLimit");
    assert.ok(!(await page.locator(".exercise .md").textContent()).includes("`"), "no raw backticks in the goal");

    // The starting manifest fails as on a real cluster: 4 pods, then Failed.
    await scrubToEnd(page);
    await page.waitForFunction(() => document.querySelector("[data-testid=job-status]")?.textContent.includes("BackoffLimitExceeded"));
    assert.equal(await page.locator("[data-testid=pod-card]").count(), 4);
    assert.match(await page.locator("[data-testid=verdict]").textContent(), /Pas encore/);
    await screenshot(page, "02-failed-backoff-limit");

    // kubectl at the current moment.
    await page.locator("[data-testid=kubectl-input]").fill("get pods");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.querySelector("[data-testid=kubectl-output]")?.textContent.includes("RESTARTS"));
    const out = await page.locator("[data-testid=kubectl-output]").textContent();
    assert.match(out, /Error/);

    // Break it: without restartPolicy the API server says why.
    const text = await page.locator(editor).inputValue();
    await page.locator(editor).fill(text.replace(/\n *restartPolicy: Never\n/, "\n"));
    await page.waitForFunction(() => document.querySelector("[data-testid=problems]")?.textContent.includes("spec.template.spec.restartPolicy"));
    assert.match(await page.locator("[data-testid=problems]").textContent(), /Required value: valid values: "OnFailure", "Never"/);
    assert.equal(await page.locator("[data-testid=invalid]").count(), 1);
    await screenshot(page, "03-invalid-manifest");

    // Fix it the way the exercise asks: back to the default backoffLimit.
    await page.locator(editor).fill(text.replace("  backoffLimit: 3\n", ""));
    await scrubToEnd(page);
    await page.waitForFunction(() => document.querySelector("[data-testid=job-status]")?.textContent.includes("Complete"));
    assert.match(await page.locator("[data-testid=verdict]").textContent(), /réussi/);
    await screenshot(page, "04-exercise-passed");
    // Five back-offs from 10 s to 2m40s on a 5-minute axis: each one's
    // label sits inside its hatched box, or is left to the box's tooltip
    // (which may add why the box starts before the pod's end).
    const gaps = await page.evaluate(() => [...document.querySelectorAll("[data-testid=timeline] rect.gap")].map((r) => {
      const title = r.querySelector("title").textContent;
      const label = [...document.querySelectorAll("[data-testid=timeline] .gap-label")].find((t) => title === t.textContent || title.startsWith(t.textContent + " ("));
      return { title, inside: !label || label.getBoundingClientRect().right <= r.getBoundingClientRect().right + 0.5, written: !!label };
    }));
    assert.equal(gaps.length, 5, JSON.stringify(gaps));
    assert.deepEqual(gaps.filter((g) => !g.inside), [], "back-off labels running out of their box");
    assert.ok(gaps.some((g) => g.written) && gaps.some((g) => !g.written), JSON.stringify(gaps));

    // The draft survives a reload.
    await page.reload();
    await page.waitForSelector("[data-testid=job-card]", { timeout: 20000 });
    assert.ok(!(await page.locator(editor).inputValue()).includes("backoffLimit: 3"), "the edited text came back");

    // English.
    await page.locator("[data-testid=lang]").click();
    await page.waitForFunction(() => document.body.textContent.includes("Exercise"));

    assert.deepEqual(foreign, [], "no request to any other host");
    assert.deepEqual(errors, [], "no error in the console");
  } finally {
    await browser.close();
  }
});

test("an instructor kills a pod live and the run is recomputed", async () => {
  const browser = await launch();
  try {
    const { page, errors } = await openPage(browser, `${BASE_URL}#lesson=idempotence&lang=en`);
    await page.waitForSelector("[data-testid=job-card]", { timeout: 20000 });
    await page.locator("[data-testid=play]").click(); // pause
    await page.locator("[data-testid=scrubber]").fill("4000");
    await page.locator("details.faults summary").click();
    await page.getByRole("button", { name: "Evict the Pod" }).click();
    await page.waitForFunction(() => document.querySelector("textarea[aria-label]")?.value.includes("evictPod"));
    await scrubToEnd(page);
    await page.waitForTimeout(300);
    await screenshot(page, "05-live-fault");
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test("after the end of a run, service faults are greyed out and say why", async () => {
  const browser = await launch();
  try {
    const { page, errors } = await openPage(browser, `${BASE_URL}#lesson=backofflimit-counts-pods&lang=en`);
    await page.waitForSelector("[data-testid=job-card]", { timeout: 20000 });
    await page.locator("[data-testid=play]").click(); // pause
    await page.locator("[data-testid=scrubber]").fill("1000");
    await page.locator("details.faults summary").click();
    const down = page.getByRole("button", { name: /^Take a service down/ });
    assert.equal(await down.isEnabled(), true, "during the run");
    await scrubToEnd(page);
    await page.waitForTimeout(200);
    assert.equal(await down.isDisabled(), true, "after the end");
    await page.getByText("The run is over: a fault would change nothing now.").waitFor();
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test("a CronJob lesson shows the Jobs it spawns, and kubectl lists the CronJob", async () => {
  const browser = await launch();
  try {
    const { page, errors, foreign } = await openPage(browser, `${BASE_URL}#lesson=cronjob-concurrency&lang=fr`);
    await page.waitForSelector("[data-testid=timeline]", { timeout: 20000 });
    await page.locator("[data-testid=play]").click();
    await page.locator("[data-testid=scrubber]").fill("1500000");
    await page.waitForTimeout(300);
    assert.ok((await page.locator("[data-testid=job-card]").count()) >= 1, "the spawned Jobs have cards");
    // Every axis label lies inside the timeline, the last one ("1h") too.
    assert.deepEqual(await clippedLabels(page), [], "labels cut off at the timeline's edge");
    // Pod names stay in their column (190 of the 1000 units), ahead of the
    // bars; a long one is shortened in the middle and shown whole on hover.
    const labels = await page.evaluate(() => {
      const svg = document.querySelector("[data-testid=timeline]");
      const box = svg.getBoundingClientRect();
      const limit = box.left + (190 * box.width) / svg.viewBox.baseVal.width;
      return [...svg.querySelectorAll(".row-label")].map((t) => ({
        over: t.getBoundingClientRect().right > limit,
        shown: [...t.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join(""),
        full: t.querySelector("title").textContent,
      }));
    });
    assert.ok(labels.length > 0);
    assert.deepEqual(labels.filter((l) => l.over).map((l) => l.shown), [], "labels running into the bars");
    for (const l of labels) {
      const [head, tail] = l.shown.split("…");
      assert.ok(tail === undefined ? l.shown === l.full : l.full.startsWith(head) && l.full.endsWith(tail), `${l.shown} stands for ${l.full}`);
    }
    await page.locator("[data-testid=kubectl-input]").fill("get cronjobs");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.querySelector("[data-testid=kubectl-output]")?.textContent.includes("LAST SCHEDULE"));
    await screenshot(page, "06-cronjob-lesson");
    assert.deepEqual(foreign, []);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test("the end of a run: its deadline labelled inside the timeline, its duration the same everywhere", async () => {
  const browser = await launch();
  try {
    const { page, errors } = await openPage(browser, "about:blank");
    // A lesson (in French) played to its end, where its Job reached `reason`.
    const atEnd = async (lesson, reason) => {
      await page.goto("about:blank");
      await page.goto(`${BASE_URL}#lesson=${lesson}&lang=fr`);
      await page.waitForSelector("[data-testid=timeline]", { timeout: 20000 });
      await scrubToEnd(page);
      await page.waitForFunction((r) => document.querySelector("[data-testid=job-status]")?.textContent.includes(r), reason);
    };

    await atEnd("exit-codes", "DeadlineExceeded");
    assert.equal(await page.locator("[data-testid=timeline] .deadline-label").textContent(), "échéance");
    assert.deepEqual(await clippedLabels(page), [], "labels cut off at the timeline's edge");
    // Index 7's worker answers the deadline's SIGTERM with 143 the moment
    // its pod goes: only the deleted pod's card can show it.
    const deleted = page.locator("[data-testid=deleted-pod-card]");
    assert.equal(await deleted.count(), 1);
    assert.match(await deleted.textContent(), /codes-de-sortie-7-.*Supprimé.*exit 143 · Error/);

    // Lesson 17's Job fails at 58.5 s: the clock, the card and kubectl all
    // say 58s (whole seconds, cut), none a rounded "59s" or "1m".
    await atEnd("oomkilled", "BackoffLimitExceeded");
    assert.match(await page.locator("[data-testid=clock]").textContent(), /^58s \/ 58s/);
    assert.match(await page.locator("[data-testid=job-card]").textContent(), /écoulé 58s/);
    await page.locator("[data-testid=kubectl-input]").fill("get jobs");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => / 58s +58s/.test(document.querySelector("[data-testid=kubectl-output]")?.textContent ?? ""));

    // Lesson 06: OnFailure, the controller deletes the pod when the Job
    // fails: at the end no pod is left, which is not "no Pod yet".
    await atEnd("backofflimit-onfailure", "BackoffLimitExceeded");
    assert.equal(await page.locator("[data-testid=pod-card]").count(), 0);
    assert.match(await page.locator("[data-testid=no-pods]").textContent(), /^Plus aucun Pod : ils ont été supprimés/);
    assert.match(await page.locator("[data-testid=deleted-pod-card]").textContent(), /Supprimé.*exit 1 · Error.*↻ 3/);
    await screenshot(page, "13-pods-deleted");

    // Lesson 26: the Job of 0h45 fails within seconds. An hour in, its card
    // still says it ran seconds (kubectl's DURATION keeps counting, as
    // upstream's printJob does for a Job without completionTime).
    await atEnd("cronjob-history-and-alerts", "BackoffLimitExceeded");
    // The history limit deleted two failed Jobs, pods and all: their pods
    // get no card (the timeline keeps them).
    assert.equal(await page.locator("[data-testid=deleted-pod-card]").count(), 0);
    assert.match(await page.locator("[data-testid=job-card]").last().textContent(), /écoulé \d+s(?!\d)/);
    await screenshot(page, "14-failed-cronjob-job-elapsed");
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test("a new fragment in the address opens its lesson", async () => {
  const browser = await launch();
  try {
    const { page, errors } = await openPage(browser, `${BASE_URL}#lesson=exit-codes&lang=fr`);
    await page.waitForSelector("[data-testid=job-card]", { timeout: 20000 });
    assert.match(await page.locator("[data-testid=lesson-picker]").evaluate((s) => s.selectedOptions[0].textContent), /^2\./);
    // What a link on the course page does to the iframe, or the learner
    // typing in the address bar: only the fragment changes.
    await page.evaluate(() => { location.hash = "#lesson=oomkilled&lang=en"; });
    await page.waitForFunction(() => document.querySelector("[data-testid=lesson-picker]")?.selectedOptions[0]?.textContent.startsWith("17."), null, { timeout: 20000 });
    await page.waitForSelector("[data-testid=job-card]", { timeout: 20000 });
    assert.match(await page.locator("[data-testid=job-card]").first().textContent(), /agregation-ventes/);
    assert.match(await page.locator("[data-testid=lang]").textContent(), /FR/, "English now, with a button back to French");
    await screenshot(page, "15-fragment-changed");
    // The page's own updates of the fragment (an edit) do not reload it.
    await page.evaluate(() => { window.__still = true; });
    const area = page.locator("textarea[aria-label]");
    await area.fill((await area.inputValue()).replace("backoffLimit: 2", "backoffLimit: 1"));
    await page.waitForFunction(() => location.hash.includes("&s="));
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => window.__still), true, "no reload on the page's own fragment updates");
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test("keyboard help, presenter mode and the dark theme", async () => {
  const browser = await launch();
  try {
    const { page, errors } = await openPage(browser, `${BASE_URL}#lesson=backoff-caps&lang=fr`);
    await page.waitForSelector("[data-testid=job-card]", { timeout: 20000 });
    await page.locator("body").press("?");
    await page.waitForSelector("dialog[open]");
    assert.match(await page.getByRole("dialog").textContent(), /Raccourcis clavier/);
    await page.getByRole("button", { name: "Fermer" }).click();
    await page.getByRole("button", { name: "Mode présentateur" }).click();
    await page.getByRole("button", { name: "Thème" }).click();
    assert.equal(await page.locator(".shell.presenter.theme-dark").count(), 1);
    await page.locator("[data-testid=scrubber]").fill("600000");
    await page.getByRole("button", { name: "Agrandir la chronologie" }).click();
    assert.equal(await page.locator("[data-testid=timeline]").getAttribute("width"), "200%", "the timeline zooms");
    await page.waitForTimeout(300);
    await screenshot(page, "09-presenter-dark");
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
