//! The browser entry point: `cargo xtask serve` builds this for wasm32 and
//! wasm-bindgen calls `main` once the module is instantiated.

#![forbid(unsafe_code)]

#[cfg(target_arch = "wasm32")]
fn main() {
    job_playground::web::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the `app` binary is the browser entry point: run `cargo xtask serve`");
    std::process::exit(2);
}
