#![no_main]
//! Any text through the manifest reader: no panic, and objects or problems.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let m = job_playground::manifest::read(text);
        assert!(!m.objects.is_empty() || !m.problems.is_empty());
    }
});
