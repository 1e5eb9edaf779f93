#![no_main]
//! Manifest + scenario → Trace, with the safety caps. The event cap is
//! lower than the page's (10 000) so that each input is cheap and the
//! fuzzer explores more of them; every rule still runs.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let (manifest, scenario) = text.split_once("\n===\n").unwrap_or((text, ""));
        let opts = job_playground::sim::Options { max_events: 2_000, horizon: 24 * 3_600_000, ..Default::default() };
        let r = job_playground::lesson::run(manifest, scenario, &opts);
        if let Some(t) = r.trace {
            assert!(t.steps <= 2_000);
            let _ = job_playground::kubectl::summary(&t, t.end);
        }
    }
});
