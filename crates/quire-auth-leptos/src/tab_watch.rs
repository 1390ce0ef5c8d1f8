//! The browser's half of an open tab's watches (feature `hydrate`): waiting for the
//! signed-out event, and the tab's own timer. [`SignedOutWatch`](crate::SignedOutWatch) and
//! [`IdleWarning`](crate::IdleWarning) use it; an app with its own server functions for the
//! session's clock may too.
//!
//! ```no_run
//! # async fn still_signed_in() -> bool { true }
//! use quire_auth_leptos::tab_watch;
//!
//! # async fn watch() {
//! let mut signed_out_here_before = 0;
//! if tab_watch::session_ended("/api/auth/events", still_signed_in, || signed_out_here_before = 1).await {
//!     // Show the sign-in page, unless this tab signed out on its own.
//! }
//! # }
//! ```
use futures_util::StreamExt;
use gloo_net::eventsource::{futures::EventSource, State};
use std::future::Future;

use crate::events::SIGNED_OUT_EVENT;

/// Waits until the event stream at `events_path` says that this tab's session ended and the
/// server agrees: `still_signed_in` is asked twice, 400 ms apart, because a session that only
/// got a new id (sudo mode, a sign-in in another tab) is still signed in, and its new cookie
/// arrives with the answer that made it, at the moment of the event. `alive_again` is called
/// each time an event turned out to be such a false alarm; the browser's `EventSource` then
/// reconnects on its own, with the new cookie.
///
/// `true` once the session ended; `false` when there is nothing to watch: no stream could be
/// opened, or the server refused it while the session is alive (too many tabs, a 503).
pub async fn session_ended<S, F>(
    events_path: &str,
    mut still_signed_in: S,
    mut alive_again: impl FnMut(),
) -> bool
where
    S: FnMut() -> F,
    F: Future<Output = bool>,
{
    let Ok(mut source) = EventSource::new(events_path) else {
        return false;
    };
    let Ok(mut events) = source.subscribe(SIGNED_OUT_EVENT) else {
        return false;
    };
    while let Some(event) = events.next().await {
        // An error is the connection dropping, and the browser reconnects on its own; unless
        // the source is closed: the server refused the stream, which it does when there is no
        // session, as when it ended before this stream connected.
        let refused = event.is_err();
        if refused && source.state() != State::Closed {
            continue;
        }
        if asked_twice(&mut still_signed_in).await {
            if refused {
                return false;
            }
            alive_again();
            continue;
        }
        return true;
    }
    false
}

/// Whether the server still knows the session, asked twice 400 ms apart.
async fn asked_twice<S, F>(still_signed_in: &mut S) -> bool
where
    S: FnMut() -> F,
    F: Future<Output = bool>,
{
    for attempt in 0..2 {
        if attempt > 0 {
            sleep_ms(400).await;
        }
        if still_signed_in().await {
            return true;
        }
    }
    false
}

/// A timer on the tab's clock (`setTimeout`), so that a test's fake clock moves it.
pub async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Sends the tab to `path`, as a new page load (the server renders the signed-out page).
pub fn go_to(path: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.location().set_href(path);
    }
}
