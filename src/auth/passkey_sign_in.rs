//! "Sign in with a passkey" on the sign-in page, and passkeys offered among the e-mail field's
//! suggestions (conditional mediation) where the browser supports that. Both need JavaScript;
//! without it the button is disabled and says so.
use leptos::{html::Input, prelude::*};

/// What the last attempt said, for the page to show (only the browser makes attempts).
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
enum Said {
    Server(crate::error::AppError),
    Browser(&'static str),
}

#[component]
pub fn PasskeySignIn(remember: NodeRef<Input>) -> impl IntoView {
    let hydrated = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let said = RwSignal::new(None::<Said>);
    #[cfg(not(feature = "hydrate"))]
    let _ = remember;
    #[cfg(feature = "hydrate")]
    let autofill = StoredValue::new_local(None::<web_sys::AbortController>);
    // Set by the button: autofill that has not started yet must not start after it, or the
    // browser would hold two requests and refuse or hang one.
    #[cfg(feature = "hydrate")]
    let button_pressed = StoredValue::new(false);
    Effect::new(move |_| {
        hydrated.set(true);
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move {
            let available = browser_side::supported()
                && quire_auth_leptos::passkey_browser::autofill_available().await;
            if available && !button_pressed.get_value() {
                let controller = web_sys::AbortController::new().ok();
                let signal = controller.as_ref().map(|c| c.signal());
                autofill.set_value(controller);
                // Autofill waits quietly in the background: its failures (stopped for the
                // button, a limit reached) are not worth a message.
                let _ = browser_side::sign_in(true, signal, remember).await;
            }
        });
    });
    #[cfg(feature = "hydrate")]
    on_cleanup(move || {
        // Leaving the page ends the waiting request, or the next one would be refused.
        if let Some(controller) = autofill.try_get_value().flatten() {
            controller.abort();
        }
    });
    let click = move |_| {
        busy.set(true);
        said.set(None);
        #[cfg(feature = "hydrate")]
        {
            // A waiting autofill request would make the browser refuse a second one.
            button_pressed.set_value(true);
            if let Some(controller) = autofill.get_value() {
                controller.abort();
            }
            leptos::task::spawn_local(async move {
                if !browser_side::supported() {
                    said.set(Some(Said::Browser("This browser cannot use passkeys.")));
                } else if let Err(problem) = browser_side::sign_in(false, None, remember).await {
                    said.set(problem);
                }
                busy.set(false);
            });
        }
    };
    view! {
        <div class="passkey-sign-in">
            <button type="button" class="secondary" on:click=click
                disabled=move || !hydrated.get() || busy.get()>"Sign in with a passkey"</button>
            <Show when=move || !hydrated.get()>
                <p class="hint">"Signing in with a passkey needs JavaScript."</p>
            </Show>
            {move || said.get().map(|s| {
                let text = match s {
                    Said::Server(error) => error.to_string(),
                    Said::Browser(text) => text.to_owned(),
                };
                view! { <p class="error" role="alert">{text}</p> }
            })}
        </div>
    }
}

#[cfg(feature = "hydrate")]
mod browser_side {
    use super::Said;
    use crate::passkeys::api;
    use leptos::{html::Input, prelude::*};
    use quire_auth_leptos::passkey_browser as browser;

    pub fn supported() -> bool {
        browser::supported()
    }

    /// One passkey sign-in; on success the browser loads the home page with its new session.
    /// `Err(None)`: stopped on purpose, nothing to say.
    pub async fn sign_in(
        autofill: bool,
        signal: Option<web_sys::AbortSignal>,
        remember: NodeRef<Input>,
    ) -> Result<(), Option<Said>> {
        let options = api::start_passkey_sign_in(autofill)
            .await
            .map_err(|e| Some(Said::Server(e)))?;
        let credential = browser::get(options, signal.as_ref())
            .await
            .map_err(|failure| failure.message().map(Said::Browser))?;
        let remember = remember
            .get_untracked()
            .is_some_and(|input| input.checked());
        api::finish_passkey_sign_in(credential, remember)
            .await
            .map_err(|e| Some(Said::Server(e)))?;
        if let Some(window) = web_sys::window() {
            let _ = window.location().set_href("/");
        }
        Ok(())
    }
}
