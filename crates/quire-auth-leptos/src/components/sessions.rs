//! The sessions page's list: every open session of the account, each with a button that ends
//! it. Ending another device's session needs sudo mode, so the list asks for the password
//! inline when the server says so.
use leptos::{form::ActionForm, prelude::*};

use super::{action, listed, refusal, utc, Refusal, SudoPrompt};
use crate::{
    api::{list_sessions, EndSession},
    texts::texts,
    AuthError, SessionView,
};

/// The signed-in account's open sessions, each with where and when it signed in and a button
/// that ends it. Ending this browser's own session signs it out; ending another device's asks
/// for the password first ([`SudoPrompt`]) unless it was confirmed in the last few minutes.
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
    let refused = refusal(end);
    let asked = Signal::derive(move || refused.get() == Some(AuthError::SudoRequired));
    // The prompt says why on its own; every other refusal shows above the list.
    let other = Signal::derive(move || refused.get().filter(|e| *e != AuthError::SudoRequired));
    view! {
        <SudoPrompt asked />
        <Refusal error=other />
        <Suspense>
            {move || Suspend::new(async move {
                let row = move |row| view! { <SessionRow row end /> };
                listed(sessions.await, "auth-sessions", None, texts.sessions_unavailable, row)
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
