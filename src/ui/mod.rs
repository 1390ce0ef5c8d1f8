//! Small reusable pieces of UI.
use leptos::prelude::*;

use crate::error::AppError;

/// A labelled input with its own error message, announced to assistive technology.
#[component]
pub fn Field(
    label: &'static str,
    name: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let id = format!("field-{name}");
    let error_id = format!("{id}-error");
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input
                id=id
                name=name
                type=kind
                autocomplete=autocomplete
                required
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                aria-describedby=error_id.clone()
            />
            <p class="field-error" id=error_id>{move || error.get()}</p>
        </div>
    }
}

/// The form-wide message for the last failed submission.
#[component]
pub fn FormError(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    view! {
        <Show when=move || error.get().is_some()>
            <p class="form-error" role="alert">{move || error.get().map(|e| e.to_string())}</p>
        </Show>
    }
}

/// The message for `field` from `error`, as a signal for [`Field`].
pub fn field_error(error: Signal<Option<AppError>>, field: &'static str) -> Signal<Option<String>> {
    Signal::derive(move || error.get().and_then(|e| e.field_message(field)))
}

/// Links between the account pages.
#[component]
pub fn AccountTabs() -> impl IntoView {
    view! {
        <nav class="tabs" aria-label="Account pages">
            <a href="/account/sessions">"Sessions"</a>
            <a href="/account/password">"Password"</a>
            <a href="/account/tokens">"Tokens"</a>
        </nav>
    }
}
