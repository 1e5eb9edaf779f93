//! Job Playground: a simulated Kubernetes cluster that runs Jobs and
//! CronJobs the way a real one does, so learners can watch them fail and
//! retry.
//!
//! The pipeline runs one way (see ARCHITECTURE.md):
//! manifest + scenario text → [`manifest`] / `scenario` → [`sim`] → Trace →
//! `kubectl` text views, JSON, and the Yew UI in `web` (wasm32 only).
//! Everything but `web` is plain Rust, tested natively.

#![forbid(unsafe_code)]

pub mod api;
pub mod benchmarks;
pub mod deflate;
pub mod i18n;
pub mod json_lite;
pub mod kubectl;
pub mod lesson;
pub mod manifest;
pub mod quote;
pub mod scenario;
pub mod share;
pub mod sim;
pub mod sort;
pub mod sorted;

#[cfg(target_arch = "wasm32")]
pub mod web;
