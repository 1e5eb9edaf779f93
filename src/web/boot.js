// Loads the WebAssembly module. `cargo xtask` replaces the two names below
// with content-hashed file names. No other host is ever contacted.
import init from "./{{app.js}}";

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
  const wasm = globalThis.__JOBSIM_WASM__ ?? new URL("./{{app_bg.wasm}}", import.meta.url);
  init({ module_or_path: wasm }).catch(fail);
} catch (err) {
  fail(err);
}
