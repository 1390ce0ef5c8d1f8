//! The open tab hears that its session ended (checklist D03): it listens to the server's
//! signed-out event stream (gloo-net's `EventSource`) and, when told, asks the server once
//! more (the event is a hint, the server the authority) and then shows the sign-in page with
//! "You have been signed out". A session that was only replaced by a new id (a password change
//! or a re-authentication in this tab) is still signed in: its new cookie arrives with the
//! answer to that request, at the same moment as the event, so the tab asks twice, a moment
//! apart, before it believes the event; the browser's `EventSource` then reconnects by itself
//! with the new cookie. Without JavaScript nothing changes: the next request shows the
//! signed-out page.
use leptos::prelude::*;

#[component]
pub fn SignedOutWatch() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    browser_side::start(expect_context::<super::pages::Auth>().sign_out);
}

#[cfg(feature = "hydrate")]
mod browser_side {
    use futures_util::StreamExt;
    use gloo_net::eventsource::{futures::EventSource, State};
    use leptos::prelude::*;
    use std::cell::Cell;

    use crate::auth::api::SignOut;
    use crate::sessions::api::{session_clock, SESSION_EVENTS_PATH, SIGNED_OUT_EVENT};

    thread_local! {
        /// One stream per page, however often the header renders again: a stream per render
        /// would leave streams open, and a browser opens only six connections to a site.
        static LISTENING: Cell<bool> = const { Cell::new(false) };
    }

    pub fn start(sign_out: ServerAction<SignOut>) {
        if LISTENING.with(|listening| listening.replace(true)) {
            return;
        }
        leptos::task::spawn_local(async move {
            listen(sign_out).await;
            LISTENING.with(|listening| listening.set(false));
        });
    }

    /// Until this tab's session ends: then to the sign-in page, unless it was signed out here
    /// (its own navigation handles that).
    async fn listen(sign_out: ServerAction<SignOut>) {
        let Ok(mut source) = EventSource::new(SESSION_EVENTS_PATH) else {
            return;
        };
        let Ok(mut events) = source.subscribe(SIGNED_OUT_EVENT) else {
            return;
        };
        let version = move || sign_out.version().get_untracked();
        let mut before = version();
        let signed_out_here =
            move |before: usize| sign_out.pending().get_untracked() || version() > before;
        while let Some(event) = events.next().await {
            // An error is the connection dropping, and the browser reconnects on its own;
            // unless the source is closed: the server refused the stream, which it does
            // when there is no session, as when it ended before this stream connected.
            let refused = event.is_err();
            if refused && source.state() != State::Closed {
                continue;
            }
            if still_signed_in().await {
                if refused {
                    return; // Refused for another reason (a 503): stop listening here.
                }
                before = version(); // Signed out and in again here, or a new session id.
                continue;
            }
            if !signed_out_here(before) {
                if let Some(window) = web_sys::window() {
                    let _ = window.location().set_href("/sign-in?ended=1");
                }
            }
            return;
        }
    }

    /// Whether the server still knows this tab's session, asked twice 400 ms apart (a failed
    /// request counts as yes: the next event or request will tell).
    async fn still_signed_in() -> bool {
        for attempt in 0..2 {
            if attempt > 0 {
                crate::auth::idle_watch::browser_side::sleep_ms(400).await;
            }
            if !matches!(session_clock().await, Ok(None)) {
                return true;
            }
        }
        false
    }
}
