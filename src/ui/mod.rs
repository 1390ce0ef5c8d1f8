//! Small reusable pieces of UI.
use leptos::prelude::*;

use crate::error::AppError;

mod pager;
pub mod raw_text;
pub mod scripts;
pub use pager::{into_page, page_window, Page, Paged, Pager, PER_PAGE};

/// A labelled input with its own error message, announced to assistive technology.
#[component]
pub fn Field(
    label: &'static str,
    name: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional, into)] value: Option<String>,
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
                value=value
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

/// A row of links between related pages, named for assistive technology.
#[component]
pub fn Tabs(label: &'static str, links: &'static [(&'static str, &'static str)]) -> impl IntoView {
    view! {
        <nav class="tabs" aria-label=label>
            {links.iter().map(|(href, text)| view! { <a href=*href>{*text}</a> }).collect_view()}
        </nav>
    }
}

/// Links between the account pages.
#[component]
pub fn AccountTabs() -> impl IntoView {
    let links = &[
        ("/account/sessions", "Sessions"),
        ("/account/password", "Password"),
        ("/account/email", "E-mail"),
        ("/account/security", "Security"),
        ("/account/tokens", "Tokens"),
    ];
    view! { <Tabs label="Account pages" links /> }
}

/// Sets the HTTP status of the page being rendered to match `error`, with `Retry-After` where
/// the error knows when to try again (server only).
fn set_status(error: &AppError) {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        if let Ok(status) = axum::http::StatusCode::from_u16(error.status_code()) {
            response.set_status(status);
        }
        if let Some(seconds) = error.retry_after() {
            response.insert_header(axum::http::header::RETRY_AFTER, seconds.into());
        }
    }
    #[cfg(not(feature = "ssr"))]
    let _ = error;
}

/// Wraps a page's main (blocking) load so a failure sets the response status before the first
/// byte is sent. Setting it later, while the error view renders, can be too late when the
/// stream has already started.
pub async fn load<T>(
    fetch: impl std::future::Future<Output = Result<T, AppError>>,
) -> Result<T, AppError> {
    let result = fetch.await;
    if let Err(error) = &result {
        set_status(error);
    }
    result
}

/// What a reader can do about an error: a link under its message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NextStep {
    /// Where the link goes: a path on this site.
    pub href: &'static str,
    /// The link's text.
    pub label: &'static str,
}

/// A page that could not be shown: the error's message and, while rendering on the server,
/// its status code (404, 403, ...), so the HTTP answer matches what the page says. A feature
/// names what the reader can do about its own refusals as `next`; signing in is the base's.
#[component]
pub fn ErrorPanel(error: AppError, #[prop(optional)] next: Option<NextStep>) -> impl IntoView {
    set_status(&error);
    let heading = match error {
        AppError::NotFound => "Page not found",
        AppError::LinkExpired => "This link no longer works",
        AppError::Unauthenticated => "Please sign in",
        AppError::Forbidden | AppError::Denied(_) => "Not allowed",
        _ => "This page could not be shown",
    };
    let sign_in = NextStep {
        href: "/sign-in",
        label: "Sign in",
    };
    let next = next.or((error == AppError::Unauthenticated).then_some(sign_in));
    view! {
        <leptos_meta::Title text=heading />
        <section class="card narrow">
            <h1>{heading}</h1>
            <p role="alert">{error.to_string()}</p>
            {match &error {
                AppError::Invalid(fields) => Some(view! {
                    <ul>{fields.iter().map(|f| view! { <li>{f.message.to_string()}</li> }).collect_view()}</ul>
                }),
                _ => None,
            }}
            {next.map(|next| view! { <p><a href=next.href>{next.label}</a></p> })}
            <p><a href="/">"Back to the home page"</a></p>
        </section>
    }
}

/// The view for a part of a page loaded inside a card: `ok` for the value, the form-wide
/// message for an error. Its resource is blocking and goes through [`load`], as a page's main
/// load does, so the page's status says what the message says.
pub fn loaded_inline<T, V: IntoView + 'static>(
    result: Result<T, AppError>,
    ok: impl FnOnce(T) -> V,
) -> AnyView {
    match result {
        Ok(value) => ok(value).into_any(),
        Err(error) => view! { <FormError error=Some(error) /> }.into_any(),
    }
}

/// The view for a loaded result: `ok` for the value, [`ErrorPanel`] for an error.
pub fn loaded<T, V: IntoView + 'static>(
    result: Result<T, AppError>,
    ok: impl FnOnce(T) -> V,
) -> AnyView {
    match result {
        Ok(value) => ok(value).into_any(),
        Err(error) => view! { <ErrorPanel error /> }.into_any(),
    }
}

/// The error of `action`'s last run, if it failed: what a form shows above or beside its fields.
pub fn action_error<S>(action: ServerAction<S>) -> Signal<Option<AppError>>
where
    S: leptos::server_fn::ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    Signal::derive(move || action.value().get().and_then(Result::err))
}
