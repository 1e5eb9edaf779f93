// Loads the WebAssembly module. `cargo xtask` replaces the names below
// with content-hashed file names. No other host is ever contacted.

// Each lesson's file and version, [[stem, version], …]: the page bundles
// only the lessons' titles, so the lesson the address asks for is fetched
// now, while the module loads, rather than after it started
// (src/web/prose.rs takes it from `__jobsimLesson`).
const LESSONS = {{lessons}};

function prefetchLesson() {
  // The single file carries every lesson in the page.
  if (document.querySelector('[id^="lesson-prose:"]')) return;
  const params = new URLSearchParams(location.search.slice(1) + "&" + location.hash.slice(1));
  const asked = (params.getAll("lesson").pop() ?? "").trim().toLowerCase();
  // As lesson::find reads it: id, file name or number.
  const hit = asked === ""
    ? LESSONS[0]
    : LESSONS.find(([stem]) => {
        const s = stem.toLowerCase();
        return s === asked || s.slice(s.indexOf("-") + 1) === asked
          || (/^\d+$/.test(asked) && parseInt(s, 10) === parseInt(asked, 10));
      });
  if (!hit) return;
  const url = `lessons/${hit[0]}.yaml?v=${hit[1]}`;
  const early = { url, value: null };
  // `value` is there as soon as the text is: the page, starting, reads it
  // at once if it came first (it usually does), else awaits `text`.
  early.text = fetch(url)
    .then((r) => (r.ok ? r.text() : null), () => null)
    .then((t) => (early.value = t));
  globalThis.__jobsimLesson = early;
}

function fail(err) {
  document.getElementById("loading")?.remove();
  const box = document.getElementById("load-error");
  if (box) {
    box.hidden = false;
    const detail = document.getElementById("load-error-detail");
    if (detail) detail.textContent = String(err && err.message ? err.message : err);
  }
}

try {
  prefetchLesson();
} catch {
  // The page fetches the lesson itself.
}
import("./{{app.js}}")
  .then(({ default: init }) => {
    const wasm = globalThis.__JOBSIM_WASM__ ?? new URL("./{{app_bg.wasm}}", import.meta.url);
    return init({ module_or_path: wasm });
  })
  .catch(fail);
