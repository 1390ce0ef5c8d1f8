//! The forms and lists, as plain HTML forms that work without JavaScript and hydrate when it
//! runs. Class names start with `auth-` and stay stable, for the app's stylesheet.
use leptos::{form::ActionForm, prelude::*};

use crate::{
    api::{list_sessions, EndSession, Register, SignIn, SignOut},
    texts::texts,
    use_auth, AuthError, SessionView,
};

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
    A: leptos::server_fn::ServerFn<Output = (), Error = AuthError> + Clone + Send + Sync + 'static,
{
    Signal::derive(move || action.value().get().and_then(Result::err))
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

/// The sign-in form: address, password, "Keep me signed in". On success the browser goes to
/// [`Paths::after_sign_in`](crate::Paths); a refusal shows above the fields, the same for a
/// wrong address as for a wrong password.
///
/// ```
/// use leptos::prelude::*;
/// use quire_auth_leptos::SignInForm;
///
/// #[component]
/// fn SignInPage() -> impl IntoView {
///     view! { <h1>"Sign in"</h1> <SignInForm /> }
/// }
/// ```
#[component]
pub fn SignInForm() -> impl IntoView {
    let (action, texts) = (action::<SignIn>(), texts());
    view! {
        <ActionForm action=action attr:class="auth-form auth-sign-in">
            <Refusal error=refusal(action) />
            <Field label=texts.email name="email" kind="email" autocomplete="username" />
            <Field label=texts.password name="password" kind="password" autocomplete="current-password" />
            <label class="auth-check">
                <input type="checkbox" name="remember" value="on" />
                " " {texts.remember}
            </label>
            <button type="submit">{texts.sign_in}</button>
        </ActionForm>
    }
}

/// The registration form: address and a new password. Whether or not the address had an
/// account, the browser goes on to [`Paths::after_register`](crate::Paths).
///
/// ```
/// use leptos::prelude::*;
/// use quire_auth_leptos::RegisterForm;
///
/// #[component]
/// fn RegisterPage() -> impl IntoView {
///     view! { <h1>"Create your account"</h1> <RegisterForm /> }
/// }
/// ```
#[component]
pub fn RegisterForm() -> impl IntoView {
    let (action, texts) = (action::<Register>(), texts());
    view! {
        <ActionForm action=action attr:class="auth-form auth-register">
            <Refusal error=refusal(action) />
            <Field label=texts.email name="email" kind="email" autocomplete="email" />
            <Field label=texts.new_password name="password" kind="password" autocomplete="new-password" />
            <button type="submit">{texts.register}</button>
        </ActionForm>
    }
}

/// A one-button form that signs this session out.
///
/// ```
/// use leptos::prelude::*;
/// use quire_auth_leptos::SignOutButton;
///
/// #[component]
/// fn Header() -> impl IntoView {
///     view! { <nav><SignOutButton /></nav> }
/// }
/// ```
#[component]
pub fn SignOutButton() -> impl IntoView {
    let (action, texts) = (action::<SignOut>(), texts());
    view! {
        <ActionForm action=action attr:class="auth-form auth-sign-out">
            <button type="submit">{texts.sign_out}</button>
        </ActionForm>
    }
}

/// The signed-in account's open sessions, each with where and when it signed in and a button
/// that ends it. Ending this browser's own session signs it out.
///
/// ```
/// use leptos::prelude::*;
/// use quire_auth_leptos::SessionList;
///
/// #[component]
/// fn SessionsPage() -> impl IntoView {
///     view! { <h1>"Where you are signed in"</h1> <SessionList /> }
/// }
/// ```
#[component]
pub fn SessionList() -> impl IntoView {
    let texts = texts();
    let end = action::<EndSession>();
    let sessions = Resource::new(move || end.version().get(), |_| list_sessions());
    view! {
        <Refusal error=refusal(end) />
        <Suspense>
            {move || Suspend::new(async move {
                match sessions.await {
                    Ok(rows) => view! {
                        <ul class="auth-sessions">
                            {rows.into_iter().map(|row| view! { <SessionRow row end /> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(_) => view! {
                        <p class="auth-error" role="alert">{texts.sessions_unavailable}</p>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SessionRow(row: SessionView, end: ServerAction<EndSession>) -> impl IntoView {
    let texts = texts();
    let class = match row.current {
        true => "auth-session auth-session-current",
        false => "auth-session",
    };
    view! {
        <li class=class>
            <span class="auth-session-agent">{row.user_agent}</span>
            <span class="auth-session-ip">{row.ip}</span>
            <time class="auth-session-seen" datetime=utc(row.last_seen_at)>{utc(row.last_seen_at)}</time>
            {row.current.then(|| view! { <strong class="auth-session-this">{texts.this_session}</strong> })}
            <ActionForm action=end attr:class="auth-form auth-end-session">
                <input type="hidden" name="handle" value=row.handle />
                <button type="submit">{texts.end_session}</button>
            </ActionForm>
        </li>
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
