//! The forms that change who is signed in: sign-in (both steps), registration, sign-out, and
//! a password change, which signs every other browser out.
use leptos::{form::ActionForm, prelude::*};

use super::{action, refusal, Field, Refusal};
use crate::{
    api::{ChangePassword, Register, SignIn, SignInCode, SignOut},
    texts::texts,
    use_auth,
};

/// The sign-in form: address, password, "Keep me signed in". On success the browser goes to
/// [`Paths::after_sign_in`](crate::Paths); a refusal shows above the fields, the same for a
/// wrong address as for a wrong password.
///
/// ```
/// use leptos::prelude::*;
/// use quire_auth_leptos::SignInForm;
///
/// #[component]
/// fn SignInPage() -> impl IntoView {
///     view! { <h1>"Sign in"</h1> <SignInForm /> }
/// }
/// ```
#[component]
pub fn SignInForm() -> impl IntoView {
    let (action, texts) = (action::<SignIn>(), texts());
    view! {
        <ActionForm action=action attr:class="auth-form auth-sign-in">
            <Refusal error=refusal(action) />
            <Field label=texts.email name="email" kind="email" autocomplete="username" />
            <Field label=texts.password name="password" kind="password" autocomplete="current-password" />
            <label class="auth-check">
                <input type="checkbox" name="remember" value="on" />
                " " {texts.remember}
            </label>
            <button type="submit">{texts.sign_in}</button>
        </ActionForm>
    }
}

/// The second step of a sign-in: a code from the authenticator app, or a recovery code. Put it
/// on the page [`Paths::second_step`](crate::Paths) names; the sign-in form sends the browser
/// there when the password was right and the account has a second step. On success the
/// browser goes to [`Paths::after_sign_in`](crate::Paths).
///
/// ```
/// use leptos::prelude::*;
/// use quire_auth_leptos::CodeForm;
///
/// #[component]
/// fn CodePage() -> impl IntoView {
///     view! { <h1>"Two-step sign-in"</h1> <CodeForm /> }
/// }
/// ```
#[component]
pub fn CodeForm() -> impl IntoView {
    let (action, texts) = (action::<SignInCode>(), texts());
    view! {
        <ActionForm action=action attr:class="auth-form auth-code">
            <Refusal error=refusal(action) />
            <p>{texts.code_hint}</p>
            <label class="auth-field">
                <span>{texts.code}</span>
                <input type="text" name="code" inputmode="numeric" autocomplete="one-time-code"
                    maxlength="32" required />
            </label>
            <button type="submit">{texts.sign_in}</button>
        </ActionForm>
    }
}

/// The registration form: address and a new password. Whether or not the address had an
/// account, the browser goes on to [`Paths::after_register`](crate::Paths).
///
/// ```
/// use leptos::prelude::*;
/// use quire_auth_leptos::RegisterForm;
///
/// #[component]
/// fn RegisterPage() -> impl IntoView {
///     view! { <h1>"Create your account"</h1> <RegisterForm /> }
/// }
/// ```
#[component]
pub fn RegisterForm() -> impl IntoView {
    let (action, texts) = (action::<Register>(), texts());
    view! {
        <ActionForm action=action attr:class="auth-form auth-register">
            <Refusal error=refusal(action) />
            <Field label=texts.email name="email" kind="email" autocomplete="email" />
            <Field label=texts.new_password name="password" kind="password" autocomplete="new-password" />
            <button type="submit">{texts.register}</button>
        </ActionForm>
    }
}

/// Changes the signed-in account's password: the current one, then a new one of at least 8
/// characters. Every other session and token of the account ends (whoever knew the old password
/// is out), this browser stays signed in, and the browser goes to
/// [`Paths::after_password_change`](crate::Paths). A wrong current password is throttled like a
/// sign-in.
///
/// ```
/// use leptos::prelude::*;
/// use quire_auth_leptos::ChangePasswordForm;
///
/// #[component]
/// fn PasswordPage() -> impl IntoView {
///     view! { <h1>"Change your password"</h1> <ChangePasswordForm /> }
/// }
/// ```
#[component]
pub fn ChangePasswordForm() -> impl IntoView {
    let (action, texts) = (action::<ChangePassword>(), texts());
    view! {
        <ActionForm action=action attr:class="auth-form auth-change-password">
            <Refusal error=refusal(action) />
            <Field label=texts.current_password name="current_password" kind="password"
                autocomplete="current-password" />
            <Field label=texts.new_password name="new_password" kind="password"
                autocomplete="new-password" />
            <button type="submit">{texts.change_password}</button>
        </ActionForm>
    }
}

/// A one-button form that signs this session out.
///
/// ```
/// use leptos::prelude::*;
/// use quire_auth_leptos::SignOutButton;
///
/// #[component]
/// fn Header() -> impl IntoView {
///     view! { <nav><SignOutButton /></nav> }
/// }
/// ```
#[component]
pub fn SignOutButton() -> impl IntoView {
    let (action, texts, auth) = (action::<SignOut>(), texts(), use_auth());
    // Before the server answers: its signed-out event may arrive first.
    Effect::new(move |_| {
        if action.pending().get() {
            auth.signing_out_here();
        }
    });
    view! {
        <ActionForm action=action attr:class="auth-form auth-sign-out">
            <button type="submit">{texts.sign_out}</button>
        </ActionForm>
    }
}
