//! What a signed-in tab watches with JavaScript on: the end of its session, wherever it was
//! ended, and its idle limit. Without JavaScript nothing changes: the next request shows that
//! the session is over. Both render on the server as well, so hydration finds them.
use leptos::prelude::*;

use crate::texts::texts;

/// Listens for the end of this browser's session (the server's event stream at
/// [`EVENTS_PATH`](crate::EVENTS_PATH)) and then sends the tab to `to`
/// (`/sign-in?ended` unless set), so that a page left open does not pretend to be signed in.
/// The event is a hint, the server the authority: the tab asks the server twice before it
/// believes it, because a session that only got a new id (sudo mode, a sign-in in another
/// tab) is still signed in. A sign-out started in this tab ([`SignOutButton`](crate::SignOutButton))
/// goes where that sends it instead. One stream per page, however often it renders.
///
/// Put it where only signed-in pages render it, once per page:
///
/// ```
/// use leptos::prelude::*;
/// use quire_auth_leptos::{IdleWarning, SignedOutWatch};
///
/// #[component]
/// fn SignedInHeader() -> impl IntoView {
///     view! { <SignedOutWatch /> <IdleWarning /> }
/// }
/// ```
#[component]
pub fn SignedOutWatch(
    /// Where the tab goes once its session ended elsewhere.
    #[prop(default = "/sign-in?ended")]
    to: &'static str,
) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    {
        let auth = crate::use_auth();
        Effect::new(move |_| browser::listen_once(auth, to));
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = to;
}

/// Two minutes before this browser's session reaches its idle limit, offers "Stay signed in",
/// which slides the limit with one request; without an answer the tab goes to `to`
/// (`/sign-in?idle` unless set) once the limit passed. The tab counts on its own timer from
/// the server's figures ([`session_clock`](crate::session_clock), which is not activity) and
/// asks again only when a limit is reached or the page changed (moving on is activity). A
/// tab does not see activity in another tab until it asks, so an idle tab may warn while
/// another is busy; staying signed in is then harmless. Classes: `auth-idle-warning`.
#[component]
pub fn IdleWarning(
    /// Where the tab goes once the session ended for being idle.
    #[prop(default = "/sign-in?idle")]
    to: &'static str,
) -> impl IntoView {
    let (warn, texts) = (RwSignal::new(false), texts());
    #[cfg(feature = "hydrate")]
    {
        // Dropped with the component: the watch stops when the page no longer shows it.
        let shown = StoredValue::new(());
        Effect::new(move |_| leptos::task::spawn_local(browser::watch_idle(warn, shown, to)));
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = to;
    let stay = move |_| {
        warn.set(false);
        // The watch asks for the new limit when its timer ends.
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move {
            let _ = crate::api::stay_signed_in().await;
        });
    };
    view! {
        <Show when=move || warn.get()>
            <div class="auth-idle-warning" role="alertdialog" aria-labelledby="auth-idle-warning-text">
                <p id="auth-idle-warning-text">{texts.idle_warning}</p>
                <button type="button" on:click=stay>{texts.stay_signed_in}</button>
            </div>
        </Show>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use leptos::prelude::*;
    use std::cell::Cell;

    use crate::{
        api::{session_clock, EVENTS_PATH},
        tab_watch::{go_to, session_ended, sleep_ms},
        Auth,
    };

    /// The warning shows this long before the idle limit.
    const WARN_SECONDS: i64 = 120;

    thread_local! {
        /// One stream per page, however often the watch renders again: a stream per render
        /// would leave streams open, and a browser opens only six connections to a site.
        static LISTENING: Cell<bool> = const { Cell::new(false) };
    }

    /// Until this tab's session ends: then to `to`, unless it was signed out here.
    pub(super) fn listen_once(auth: Auth, to: &'static str) {
        if LISTENING.with(|listening| listening.replace(true)) {
            return;
        }
        leptos::task::spawn_local(async move {
            let before = Cell::new(auth.sign_outs_here());
            let still_signed_in = || async { !matches!(session_clock().await, Ok(None)) };
            // Signed in again here, or a new session id: count from now.
            let alive_again = || before.set(auth.sign_outs_here());
            if session_ended(EVENTS_PATH, still_signed_in, alive_again).await
                && auth.sign_outs_here() == before.get()
            {
                go_to(to);
            }
            LISTENING.with(|listening| listening.set(false));
        });
    }

    pub(super) async fn watch_idle(warn: RwSignal<bool>, shown: StoredValue<()>, to: &'static str) {
        let gone = move || shown.try_get_value().is_none();
        loop {
            let page = href();
            let Ok(clock) = session_clock().await else {
                sleep(30).await; // The server cannot answer now: ask again later.
                continue;
            };
            if gone() {
                return;
            }
            let Some(clock) = clock else {
                go_to(to);
                return;
            };
            let left = clock.idle_expires_at - clock.now;
            if left > WARN_SECONDS {
                let _ = warn.try_set(false);
                sleep(left - WARN_SECONDS).await;
                if gone() {
                    return;
                }
                if href() != page {
                    continue; // The user moved on meanwhile, which slid the limit: ask again.
                }
            }
            let _ = warn.try_set(true);
            sleep(left.clamp(1, WARN_SECONDS)).await;
            if gone() {
                return;
            }
        }
    }

    fn href() -> String {
        web_sys::window()
            .and_then(|window| window.location().href().ok())
            .unwrap_or_default()
    }

    async fn sleep(seconds: i64) {
        sleep_ms((seconds.clamp(0, 86_400) * 1000) as i32).await;
    }
}
