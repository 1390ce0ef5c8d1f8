//! Address verification: the button that confirms an opened link.
use leptos::{form::ActionForm, prelude::*};

use super::{action, refusal, Refusal};
use crate::{api::ConfirmEmail, texts::texts};

/// Confirms the account's address with the verification link this browser opened; put it on
/// the page [`Paths::verify`](crate::Paths) names. A button rather than the link itself, so a
/// mail scanner that opens every link confirms nothing. An expired or used link is refused
/// with [`AuthError::LinkExpired`](crate::AuthError::LinkExpired).
///
/// ```
/// use leptos::prelude::*;
/// use quire_auth_leptos::ConfirmEmailButton;
///
/// #[component]
/// fn VerifyPage() -> impl IntoView {
///     view! { <h1>"Confirm your address"</h1> <ConfirmEmailButton /> }
/// }
/// ```
#[component]
pub fn ConfirmEmailButton() -> impl IntoView {
    let (action, texts) = (action::<ConfirmEmail>(), texts());
    view! {
        <ActionForm action=action attr:class="auth-form auth-confirm-email">
            <Refusal error=refusal(action) />
            <button type="submit">{texts.confirm_email}</button>
        </ActionForm>
    }
}
