//! Loads and starts the browser app. This does what Leptos' `<HydrationScripts/>` does for
//! Quire's build (no islands, no hashed file names), which Quire does not use: Leptos 0.8
//! writes the CSP nonce into the preload links' `crossorigin` attribute, and unlike a `nonce`
//! attribute, which browsers hide from the DOM and from CSS selectors, that value can be read
//! by injected CSS (`link[crossorigin^="a"]`). Here the nonce appears only in `nonce`.
use leptos::{config::LeptosOptions, prelude::*};

/// The wasm-split loader of a split build (`--split`), under the name Leptos gives it when file
/// names are not hashed. The app's module imports it, so without a preload the browser would
/// learn of it only once the app's module has arrived: one more round trip on every page.
const SPLIT_LOADER: &str = "__wasm_split.______________________.js";

#[component]
pub fn AppScripts(options: LeptosOptions) -> impl IntoView {
    let nonce = leptos::nonce::use_nonce();
    let pkg = format!("/{}/{}", options.site_pkg_dir, options.output_name);
    // cargo-leptos names the wasm after the output name; a plain wasm-bindgen build adds `_bg`.
    let wasm_suffix = if option_env!("LEPTOS_OUTPUT_NAME").is_some() {
        ""
    } else {
        "_bg"
    };
    let (js, wasm) = (format!("{pkg}.js"), format!("{pkg}{wasm_suffix}.wasm"));
    let start = format!(
        "import({js:?}).then(app => app.default({{ module_or_path: {wasm:?} }})\
         .then(() => app.hydrate()));"
    );
    let split_loader = cfg!(feature = "split")
        .then(|| format!("/{}/{SPLIT_LOADER}", options.site_pkg_dir))
        .map(|href| view! { <link rel="modulepreload" href=href crossorigin="anonymous" /> });
    view! {
        <link rel="modulepreload" href=js crossorigin="anonymous" />
        {split_loader}
        <link rel="preload" href=wasm r#as="fetch" r#type="application/wasm" crossorigin="anonymous" />
        <script type="module" nonce=nonce>{start}</script>
    }
}
