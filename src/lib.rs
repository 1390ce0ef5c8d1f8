//! Quire: a multi-user blog whose accounts are a reference implementation of session
//! authentication. Each feature is a folder: shared `api.rs`, ssr-only `server.rs`, `pages.rs`.
#[cfg(feature = "ssr")]
pub mod account_forms;
pub mod admin;
pub mod api;
#[cfg(feature = "ssr")]
pub mod api_routes;
pub mod app;
pub mod audit;
pub mod auth;
pub mod comments;
pub mod error;
pub mod factors;
pub mod identity;
#[cfg(feature = "ssr")]
pub mod limits;
pub mod mail;
pub mod passkeys;
pub mod posts;
pub mod recovery;
pub mod sessions;
pub mod timestamp;
pub mod tokens;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod seed;
#[cfg(feature = "ssr")]
pub mod server;

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}
