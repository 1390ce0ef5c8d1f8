//! The open tab hears that its session ended (checklist D03): it listens to the server's
//! signed-out event stream and, when told, asks the server (the event is a hint, the server the
//! authority) and then shows the sign-in page with "You have been signed out". The waiting and
//! asking are quire-auth-leptos' `tab_watch::session_ended`, which asks twice, a moment apart,
//! because a session that only got a new id (a password change, a re-authentication in this
//! tab) is still signed in. Without JavaScript nothing changes: the next request shows the
//! signed-out page.
use leptos::prelude::*;

#[component]
pub fn SignedOutWatch() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    browser_side::start(expect_context::<super::pages::Auth>().sign_out);
}

#[cfg(feature = "hydrate")]
mod browser_side {
    use leptos::prelude::*;
    use quire_auth_leptos::tab_watch::{go_to, session_ended};
    use std::cell::Cell;

    use crate::auth::api::SignOut;
    use crate::sessions::api::{session_clock, SESSION_EVENTS_PATH};

    thread_local! {
        /// One stream per page, however often the header renders again: a stream per render
        /// would leave streams open, and a browser opens only six connections to a site.
        static LISTENING: Cell<bool> = const { Cell::new(false) };
    }

    /// Until this tab's session ends: then to the sign-in page, unless it was signed out here
    /// (its own navigation handles that).
    pub fn start(sign_out: ServerAction<SignOut>) {
        if LISTENING.with(|listening| listening.replace(true)) {
            return;
        }
        leptos::task::spawn_local(async move {
            let version = move || sign_out.version().get_untracked();
            let before = Cell::new(version());
            let still_signed_in = || async { !matches!(session_clock().await, Ok(None)) };
            // Signed out and in again here, or a new session id: count from now.
            let alive_again = || before.set(version());
            let signed_out_here = || sign_out.pending().get_untracked() || version() > before.get();
            if session_ended(SESSION_EVENTS_PATH, still_signed_in, alive_again).await
                && !signed_out_here()
            {
                go_to("/sign-in?ended=1");
            }
            LISTENING.with(|listening| listening.set(false));
        });
    }
}
