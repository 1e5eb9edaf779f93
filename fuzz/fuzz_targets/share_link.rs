#![no_main]
//! Any share-link value: decoded or refused, never a panic; what decodes
//! encodes back to the same state.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(s) = job_playground::share::decode(text) {
            assert_eq!(job_playground::share::decode(&job_playground::share::encode(&s)), Ok(s));
        }
    }
});
