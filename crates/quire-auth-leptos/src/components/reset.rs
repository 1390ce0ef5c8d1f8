//! Forgot/reset: asking for a link by mail, and the new password set with it.
use leptos::{form::ActionForm, prelude::*};

use super::{action, refusal, Field, Refusal};
use crate::{
    api::{RequestPasswordReset, ResetPassword},
    texts::texts,
};

/// Asks for a link that sets a new password. The answer is the same whether or not the
/// address has an account: the browser goes to [`Paths::reset_sent`](crate::Paths), where the
/// page should say that a link is on its way *if* the address has an account. Needs
/// [`AuthServer::mail`](crate::AuthServer::mail).
///
/// ```
/// use leptos::prelude::*;
/// use quire_auth_leptos::ForgotPasswordForm;
///
/// #[component]
/// fn ForgotPage() -> impl IntoView {
///     view! { <h1>"Forgot your password?"</h1> <ForgotPasswordForm /> }
/// }
/// ```
#[component]
pub fn ForgotPasswordForm() -> impl IntoView {
    let (action, texts) = (action::<RequestPasswordReset>(), texts());
    view! {
        <ActionForm action=action attr:class="auth-form auth-forgot-password">
            <Refusal error=refusal(action) />
            <Field label=texts.email name="email" kind="email" autocomplete="username" />
            <button type="submit">{texts.send_reset_link}</button>
        </ActionForm>
    }
}

/// The new password, set with the reset link this browser opened; put it on the page
/// [`Paths::reset`](crate::Paths) names. Every session of the account ends, and the browser
/// goes to [`Paths::after_reset`](crate::Paths) to sign in with it. An expired or used link is
/// refused with [`AuthError::LinkExpired`](crate::AuthError::LinkExpired).
///
/// ```
/// use leptos::prelude::*;
/// use quire_auth_leptos::ResetPasswordForm;
///
/// #[component]
/// fn ResetPage() -> impl IntoView {
///     view! { <h1>"Choose a new password"</h1> <ResetPasswordForm /> }
/// }
/// ```
#[component]
pub fn ResetPasswordForm() -> impl IntoView {
    let (action, texts) = (action::<ResetPassword>(), texts());
    view! {
        <ActionForm action=action attr:class="auth-form auth-reset-password">
            <Refusal error=refusal(action) />
            <Field label=texts.new_password name="password" kind="password" autocomplete="new-password" />
            <button type="submit">{texts.set_new_password}</button>
        </ActionForm>
    }
}
