//! The sudo prompt: the password asked again, inline, where a sensitive action was refused.
use leptos::{form::ActionForm, prelude::*};

use super::{action, refusal, Field, Refusal};
use crate::{api::ConfirmPassword, texts::texts};

/// Asks for the password again once a sensitive action answered
/// [`AuthError::SudoRequired`](crate::AuthError::SudoRequired) (`asked`), until it is
/// confirmed; the user then repeats the action where they were. Without JavaScript the refusal
/// comes back in the page's URL and the prompt is rendered by the server; a confirmation sends
/// the browser back to the page without it.
///
/// [`SessionList`](crate::SessionList) shows one already. An app guards its own server
/// function with quire-auth's `Sessions::require_sudo` and shows the prompt beside its form:
///
/// ```
/// use leptos::prelude::*;
/// use quire_auth_leptos::{AuthError, SudoPrompt};
///
/// #[component]
/// fn DangerZone(refused: Signal<Option<AuthError>>) -> impl IntoView {
///     let asked = Signal::derive(move || refused.get() == Some(AuthError::SudoRequired));
///     view! { <SudoPrompt asked /> }
/// }
/// ```
#[component]
pub fn SudoPrompt(#[prop(into)] asked: Signal<bool>) -> impl IntoView {
    let (confirm, texts) = (action::<ConfirmPassword>(), texts());
    // Asked again (the window closed while the page stayed open): an earlier confirmation no
    // longer counts. This tracks `asked` alone, so confirming does not undo itself.
    Effect::new(move |_| {
        if asked.get() {
            confirm.value().set(None);
        }
    });
    let error = refusal(confirm);
    let confirmed = move || matches!(confirm.value().get(), Some(Ok(())));
    // A wrong password keeps the prompt open. Without JavaScript it is the only refusal left
    // in the URL (Leptos reads the last one), so it must open the prompt on its own.
    let shown = move || (asked.get() && !confirmed()) || error.get().is_some();
    view! {
        <Show when=shown>
            <div class="auth-sudo" role="region" aria-label=texts.confirm_password>
                <p>{texts.sudo_reason}</p>
                <ActionForm action=confirm attr:class="auth-form auth-confirm-password">
                    <Refusal error />
                    <Field label=texts.password name="password" kind="password"
                        autocomplete="current-password" />
                    <button type="submit">{texts.confirm_password}</button>
                </ActionForm>
            </div>
        </Show>
    }
}
