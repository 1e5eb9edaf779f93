#![no_main]
//! Any text through the scenario reader.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = job_playground::scenario::read(text);
    }
});
