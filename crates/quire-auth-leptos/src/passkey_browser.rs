//! The browser's half of a passkey ceremony (feature `hydrate`): the options from the server
//! become a `navigator.credentials` call through web-sys, and its answer goes back as
//! webauthn-rs-proto's type. No JavaScript file of its own. The components use it; an app's
//! own passkey pages may too.
//!
//! ```no_run
//! # async fn sign_in(options: webauthn_rs_proto::RequestChallengeResponse) {
//! use quire_auth_leptos::passkey_browser;
//! if passkey_browser::supported() {
//!     match passkey_browser::get(options, None).await {
//!         Ok(credential) => { /* send it to the server */ }
//!         Err(failure) => { /* failure.message() says why, if it should be said */ }
//!     }
//! }
//! # }
//! ```
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, CredentialCreationOptions, CredentialRequestOptions};
use webauthn_rs_proto::{
    CreationChallengeResponse, PublicKeyCredential, RegisterPublicKeyCredential,
    RequestChallengeResponse,
};

/// Why a ceremony ended without a credential. `Aborted` is the page's own doing (a waiting
/// autofill request stopped through its signal) and needs no message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// Stopped through the page's `AbortSignal`.
    Aborted,
    /// Anything else, in words a user may read.
    Said(&'static str),
}

impl Failure {
    fn from_js(error: JsValue) -> Self {
        let name = js_sys::Reflect::get(&error, &"name".into())
            .ok()
            .and_then(|n| n.as_string())
            .unwrap_or_default();
        match name.as_str() {
            "AbortError" => Failure::Aborted,
            "NotAllowedError" => Failure::Said("The passkey prompt was closed or timed out."),
            "InvalidStateError" => {
                Failure::Said("This device already holds a passkey for your account.")
            }
            "SecurityError" => Failure::Said("Passkeys work only at this site's own address."),
            _ => Failure::Said("Your browser could not use a passkey."),
        }
    }

    /// What to tell the user, if anything.
    pub fn message(&self) -> Option<&'static str> {
        match self {
            Failure::Aborted => None,
            Failure::Said(text) => Some(text),
        }
    }
}

/// Whether this browser knows WebAuthn at all.
pub fn supported() -> bool {
    web_sys::window()
        .map(|w| js_sys::Reflect::has(&w, &"PublicKeyCredential".into()).unwrap_or(false))
        .unwrap_or(false)
}

fn container() -> Result<web_sys::CredentialsContainer, Failure> {
    let window = web_sys::window().ok_or(Failure::Said("No browser window."))?;
    Ok(window.navigator().credentials())
}

async fn settle(
    promise: Result<js_sys::Promise, JsValue>,
) -> Result<web_sys::PublicKeyCredential, Failure> {
    let value = JsFuture::from(promise.map_err(Failure::from_js)?)
        .await
        .map_err(Failure::from_js)?;
    value
        .dyn_into()
        .map_err(|_| Failure::Said("Your browser returned something other than a passkey."))
}

/// Makes a new passkey on this device (`navigator.credentials.create`).
pub async fn create(
    options: CreationChallengeResponse,
) -> Result<RegisterPublicKeyCredential, Failure> {
    let options: CredentialCreationOptions = options.into();
    let made = settle(container()?.create_with_options(&options)).await?;
    Ok(made.into())
}

/// Signs the challenge with a passkey of this device (`navigator.credentials.get`); `signal`
/// lets the page stop a waiting autofill request.
pub async fn get(
    options: RequestChallengeResponse,
    signal: Option<&AbortSignal>,
) -> Result<PublicKeyCredential, Failure> {
    let options: CredentialRequestOptions = options.into();
    if let Some(signal) = signal {
        options.set_signal(signal);
    }
    let signed = settle(container()?.get_with_options(&options)).await?;
    Ok(signed.into())
}

/// Whether the browser offers passkeys among the e-mail field's suggestions.
pub async fn autofill_available() -> bool {
    let Ok(promise) =
        webauthn_rs_proto::PublicKeyCredentialExt::is_conditional_mediation_available()
    else {
        return false;
    };
    JsFuture::from(promise)
        .await
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}
