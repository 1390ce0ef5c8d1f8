//! Quire: a multi-user blog whose accounts are a reference implementation of session
//! authentication. Each feature is a folder: shared `api.rs`, ssr-only `server.rs`, `pages.rs`.
pub mod admin;
pub mod api;
pub mod audit;
pub mod auth;
pub mod comments;
pub mod composition;
#[cfg(feature = "ssr")]
pub mod drafts;
pub mod error;
pub mod factors;
pub mod identity;
#[cfg(feature = "ssr")]
pub mod limits;
pub mod lookalike;
pub mod mail;
pub mod passkeys;
pub mod posts;
pub mod recovery;
#[cfg(feature = "ssr")]
pub mod server;
pub mod sessions;
pub mod timestamp;
pub mod tokens;
pub mod ui;

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    composition::messages::register();
    // What `hydrate_lazy` does (the page may be a lazy route, whose wasm chunk loads first),
    // then the marker that end-to-end tests wait for: only now is every part interactive.
    wasm_bindgen_futures::spawn_local(async {
        let body = leptos::tachys::dom::body();
        let mounted = leptos::mount::hydrate_from_async(body, composition::app::App).await;
        // The effects hydration queued (a page's own setup, such as passkey autofill) run
        // first, so "hydrated" means what it meant when the marker was itself an effect.
        leptos::task::tick().await;
        composition::app::mark_hydrated();
        mounted.forget();
    });
}
