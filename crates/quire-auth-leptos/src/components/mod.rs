//! The forms and lists, as plain HTML forms that work without JavaScript and hydrate when it
//! runs. Class names start with `auth-` and stay stable, for the app's stylesheet.
use leptos::prelude::*;

use crate::{texts::texts, use_auth, AuthError};

mod forms;
mod passkeys;
mod reset;
mod sessions;
mod sudo;
mod tokens;
mod two_step;
mod verify;
mod watch;

pub use forms::{ChangePasswordForm, CodeForm, RegisterForm, SignInForm, SignOutButton};
pub use passkeys::{PasskeyList, PasskeySignInButton};
pub use reset::{ForgotPasswordForm, ResetPasswordForm};
pub use sessions::SessionList;
pub use sudo::SudoPrompt;
pub use tokens::TokenList;
pub use two_step::TwoStepSettings;
pub use verify::ConfirmEmailButton;
pub use watch::{IdleWarning, SignedOutWatch};

/// A refusal of the last submission, read out by screen readers (`role="alert"`).
#[component]
fn Refusal(error: Signal<Option<AuthError>>) -> impl IntoView {
    let texts = texts();
    move || {
        error.get().map(|error| {
            view! { <p class="auth-error" role="alert">{(texts.error)(&error)}</p> }
        })
    }
}

/// A new action for server function `A`: it reads a refusal that came back in the URL (a form
/// posted without JavaScript), and its success tells [`Auth`](crate::Auth) that who is signed
/// in may have changed. Made in the component that shows the form, below the app's `<Router>`,
/// which is where the URL's refusal is known.
fn action<A>() -> ServerAction<A>
where
    A: leptos::server_fn::ServerFn<Output = (), Error = AuthError> + Clone + Send + Sync + 'static,
{
    let (action, auth) = (ServerAction::<A>::new(), use_auth());
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            auth.changed();
        }
    });
    action
}

/// The refusal of the last call of `action`, if it was refused.
fn refusal<A>(action: ServerAction<A>) -> Signal<Option<AuthError>>
where
    A: leptos::server_fn::ServerFn<Error = AuthError> + Clone + Send + Sync + 'static,
    A::Output: Clone + Send + Sync + 'static,
{
    Signal::derive(move || action.value().get().and_then(Result::err))
}

/// A list as a page shows it once read: a `<ul>` of `class` with one item per row, `empty`
/// when there is none (a list that is never empty passes `None`), or `unavailable` as an
/// alert when it could not be read. One shape for every list of the crate.
fn listed<T, V>(
    rows: Result<Vec<T>, AuthError>,
    class: &'static str,
    empty: Option<&'static str>,
    unavailable: &'static str,
    row: impl Fn(T) -> V,
) -> AnyView
where
    V: IntoView + 'static,
{
    match (rows, empty) {
        (Ok(rows), Some(empty)) if rows.is_empty() => {
            view! { <p class=format!("{class}-none")>{empty}</p> }.into_any()
        }
        (Ok(rows), _) => {
            view! { <ul class=class>{rows.into_iter().map(row).collect_view()}</ul> }.into_any()
        }
        (Err(_), _) => view! { <p class="auth-error" role="alert">{unavailable}</p> }.into_any(),
    }
}

#[component]
fn Field(
    label: &'static str,
    name: &'static str,
    kind: &'static str,
    autocomplete: &'static str,
) -> impl IntoView {
    view! {
        <label class="auth-field">
            <span>{label}</span>
            <input type=kind name=name autocomplete=autocomplete required />
        </label>
    }
}

/// A unix time as `2026-12-03 09:15 UTC`: the same text on the server and in the browser, so
/// hydration finds what the server rendered.
fn utc(unix: i64) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute] UTC");
    time::OffsetDateTime::from_unix_timestamp(unix)
        .ok()
        .and_then(|at| at.format(&format).ok())
        .unwrap_or_default()
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use leptos::tachys::view::RenderHtml;

    fn html(rows: Result<Vec<&'static str>, AuthError>) -> String {
        let row = |name| view! { <li>{name}</li> };
        listed(rows, "auth-things", Some("None yet."), "Not readable.", row).to_html()
    }

    #[test]
    fn a_list_shows_its_rows_its_empty_text_or_that_it_could_not_be_read() {
        let rows = html(Ok(vec!["one", "two"]));
        assert!(
            rows.contains(r#"<ul class="auth-things"><li>one</li><li>two</li>"#),
            "{rows}"
        );
        let empty = html(Ok(vec![]));
        assert!(
            empty.contains(r#"<p class="auth-things-none">None yet.</p>"#),
            "{empty}"
        );
        let failed = html(Err(AuthError::Internal));
        assert!(
            failed.contains(r#"<p role="alert" class="auth-error">Not readable.</p>"#),
            "{failed}"
        );
        assert!(!failed.contains("None yet."), "{failed}");
    }
}
