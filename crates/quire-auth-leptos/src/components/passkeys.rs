//! Passkeys: signing in with one, and the account's list with adding and removing. The
//! browser's WebAuthn API makes and uses a passkey, so those two buttons need JavaScript:
//! until the page has hydrated they are disabled and say why. Removing is a
//! plain form, in sudo mode.
use leptos::{form::ActionForm, prelude::*};

use super::{action, listed, refusal, utc, Refusal, SudoPrompt};
use crate::{
    api::{list_passkeys, RemovePasskey},
    texts::texts,
    use_auth, AuthError, PasskeyView,
};

/// Enabled once the page has hydrated (the button needs the browser's WebAuthn API).
fn hydrated() -> RwSignal<bool> {
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    hydrated
}

/// Says that the button beside it needs JavaScript, until the page has hydrated (so it stays
/// when JavaScript is off). Not `<noscript>`: with JavaScript on, its content is text to the
/// browser, which hydration would not find as an element.
#[component]
fn NeedsJavaScript(hydrated: RwSignal<bool>) -> impl IntoView {
    let texts = texts();
    view! {
        <Show when=move || !hydrated.get()>
            <p class="auth-note">{texts.passkeys_need_js}</p>
        </Show>
    }
}

/// "Sign in with a passkey": the browser offers the site's passkeys (no address typed), the
/// server checks the signature and starts a session, and the browser goes to
/// [`Paths::after_sign_in`](crate::Paths). Needs passkeys turned on (`AuthServer::passkeys`).
///
/// ```
/// use leptos::prelude::*;
/// use quire_auth_leptos::{PasskeySignInButton, SignInForm};
///
/// #[component]
/// fn SignInPage() -> impl IntoView {
///     view! { <SignInForm /> <PasskeySignInButton /> }
/// }
/// ```
#[component]
pub fn PasskeySignInButton() -> impl IntoView {
    let (texts, auth, hydrated) = (texts(), use_auth(), hydrated());
    let (said, busy) = (RwSignal::new(None::<String>), RwSignal::new(false));
    let press = move |_| {
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move {
            busy.set(true);
            said.set(None);
            let outcome = browser::sign_in(texts).await;
            busy.set(false);
            match outcome {
                Ok(()) => auth.changed(),
                Err(message) => said.set(message),
            }
        });
        #[cfg(not(feature = "hydrate"))]
        let _ = (auth, busy, said);
    };
    view! {
        <div class="auth-passkey-sign-in">
            {move || said.get().map(|text| view! { <p class="auth-error" role="alert">{text}</p> })}
            <button type="button" on:click=press disabled=move || !hydrated.get() || busy.get()>
                {texts.passkey_sign_in}
            </button>
            <NeedsJavaScript hydrated />
        </div>
    }
}

/// The signed-in account's passkeys, each with when it was added and last used and a button
/// that removes it, and a form that adds one (named by its owner). Adding and removing need
/// sudo mode: the list asks for the password inline when the server says so.
///
/// ```
/// use leptos::prelude::*;
/// use quire_auth_leptos::PasskeyList;
///
/// #[component]
/// fn SecurityPage() -> impl IntoView {
///     view! { <h2>"Passkeys"</h2> <PasskeyList /> }
/// }
/// ```
#[component]
pub fn PasskeyList() -> impl IntoView {
    let (texts, hydrated) = (texts(), hydrated());
    let remove = action::<RemovePasskey>();
    let (added, add_refused) = (RwSignal::new(0u32), RwSignal::new(None::<AuthError>));
    let (said, name) = (RwSignal::new(None::<String>), RwSignal::new(String::new()));
    let keys = Resource::new(
        move || (remove.version().get(), added.get()),
        |_| list_passkeys(),
    );
    let removed = refusal(remove);
    let refused = move || add_refused.get().or_else(|| removed.get());
    let sudo = Some(AuthError::SudoRequired);
    let asked = Signal::derive(move || removed.get() == sudo || add_refused.get() == sudo);
    let other = Signal::derive(move || refused().filter(|e| *e != AuthError::SudoRequired));
    let add = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move {
            add_refused.set(None);
            said.set(None);
            match browser::add(name.get_untracked()).await {
                Ok(()) => {
                    added.update(|n| *n += 1);
                    name.set(String::new());
                }
                Err(browser::Failed::Refused(error)) => add_refused.set(Some(error)),
                Err(browser::Failed::Browser(message)) => said.set(message),
            }
        });
        #[cfg(not(feature = "hydrate"))]
        let _ = (added, add_refused, said);
    };
    view! {
        <SudoPrompt asked />
        <Refusal error=other />
        {move || said.get().map(|text| view! { <p class="auth-error" role="alert">{text}</p> })}
        <Suspense>
            {move || Suspend::new(async move {
                let row = move |row| view! { <PasskeyRow row remove /> };
                let (none, unavailable) = (Some(texts.no_passkeys), texts.passkeys_unavailable);
                listed(keys.await, "auth-passkeys", none, unavailable, row)
            })}
        </Suspense>
        <form class="auth-form auth-add-passkey" on:submit=add>
            <label class="auth-field">
                <span>{texts.passkey_name}</span>
                <input type="text" name="name" maxlength="60" required bind:value=name />
            </label>
            <button type="submit" disabled=move || !hydrated.get()>{texts.add_passkey}</button>
            <NeedsJavaScript hydrated />
        </form>
    }
}

#[component]
fn PasskeyRow(row: PasskeyView, remove: ServerAction<RemovePasskey>) -> impl IntoView {
    let texts = texts();
    let last_used = row.last_used_at.map(utc);
    view! {
        <li class="auth-passkey">
            <span class="auth-passkey-name">{row.name}</span>
            <time class="auth-passkey-added" datetime=utc(row.created_at)>{utc(row.created_at)}</time>
            {last_used.map(|at| {
                let text = at.clone();
                view! { <time class="auth-passkey-used" datetime=at>{text}</time> }
            })}
            <ActionForm action=remove attr:class="auth-form auth-remove-passkey">
                <input type="hidden" name="id" value=row.id />
                <button type="submit">{texts.remove_passkey}</button>
            </ActionForm>
        </li>
    }
}

/// The ceremonies as the browser runs them: options from the server, the WebAuthn call, the
/// answer back to the server.
#[cfg(feature = "hydrate")]
mod browser {
    use crate::{api, passkey_browser, texts::Texts, AuthError};

    /// Why adding a passkey did not happen: the server refused (sudo mode, a name), or the
    /// browser did (its words, if any are worth showing).
    pub(super) enum Failed {
        Refused(AuthError),
        Browser(Option<String>),
    }

    fn said(failure: passkey_browser::Failure) -> Option<String> {
        failure.message().map(str::to_owned)
    }

    pub(super) async fn sign_in(texts: Texts) -> Result<(), Option<String>> {
        let refused = |error: AuthError| Some((texts.error)(&error));
        let options = api::start_passkey_sign_in().await.map_err(refused)?;
        let credential = passkey_browser::get(options, None).await.map_err(said)?;
        api::finish_passkey_sign_in(credential)
            .await
            .map_err(refused)
    }

    pub(super) async fn add(name: String) -> Result<(), Failed> {
        let options = api::start_passkey_registration().await;
        let options = options.map_err(Failed::Refused)?;
        let made = passkey_browser::create(options).await;
        let credential = made.map_err(|f| Failed::Browser(said(f)))?;
        let finished = api::finish_passkey_registration(name, credential).await;
        finished.map_err(Failed::Refused)
    }
}
