//! The open tab hears that its session ended (checklist D03): it listens to the server's
//! signed-out event stream (gloo-net's `EventSource`) and, when told, asks the server once
//! more (the event is a hint, the server the authority) and then shows the sign-in page with
//! "You have been signed out". A session that was only replaced by a new id (a password change
//! or a re-authentication in this tab) is still signed in: its new cookie arrives with the
//! answer to that request, at the same moment as the event, so the tab asks twice, a moment
//! apart, before it believes the event; the browser's `EventSource` then reconnects by itself
//! with the new cookie. Without JavaScript nothing changes: the next
//! request shows the signed-out page.
use leptos::prelude::*;

#[component]
pub fn SignedOutWatch() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    {
        let sign_out = expect_context::<super::pages::Auth>().sign_out;
        let (task, handle) = futures_util::future::abortable(browser_side::listen(sign_out));
        leptos::task::spawn_local(async move {
            let _ = task.await;
        });
        on_cleanup(move || handle.abort());
    }
}

#[cfg(feature = "hydrate")]
mod browser_side {
    use futures_util::StreamExt;
    use gloo_net::eventsource::{futures::EventSource, State};
    use leptos::prelude::*;

    use crate::sessions::api::{session_clock, SESSION_EVENTS_PATH, SIGNED_OUT_EVENT};

    pub async fn listen(sign_out: ServerAction<crate::auth::api::SignOut>) {
        let Ok(mut source) = EventSource::new(SESSION_EVENTS_PATH) else {
            return;
        };
        let Ok(mut events) = source.subscribe(SIGNED_OUT_EVENT) else {
            return;
        };
        let signing_out_here =
            move || sign_out.pending().get_untracked() || sign_out.version().get_untracked() > 0;
        while let Some(event) = events.next().await {
            if signing_out_here() {
                continue;
            }
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
                continue;
            }
            if !signing_out_here() {
                if let Some(window) = web_sys::window() {
                    let _ = window.location().set_href("/sign-in?ended=1");
                }
            }
            return;
        }
        drop(source);
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
