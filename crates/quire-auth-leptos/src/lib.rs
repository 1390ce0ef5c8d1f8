//! Accounts for Leptos apps, on [quire-auth](https://docs.rs/quire-auth): server functions and
//! components for signing in (with a second step for accounts that have one), registering,
//! listing and ending sessions, confirming the password for sensitive actions (sudo mode),
//! changing it, signing out, resetting a forgotten password and verifying the address by mail,
//! passkeys, personal access tokens, two-step sign-in with an authenticator app and recovery
//! codes, and telling an open tab that its session ended or is about to.
//!
//! Every form is a plain HTML form posted to a server function, so it works without
//! JavaScript and hydrates when JavaScript runs. Sessions are quire-auth's: server-side, in an
//! HTTP-only cookie that no script can read, with the signed-in account read fresh from the
//! database on every request.
//!
//! An app does these things (the ones after the fourth only for the features it wants):
//! 1. On the server, builds an [`AuthServer`] from its quire-auth parts (the principal type it
//!    signs in, the sessions, the password check) and provides it in the Leptos context of its
//!    routes, next to quire-auth's session layer and [`error_status`].
//! 2. Calls [`provide_auth`] in its root component.
//! 3. Puts [`SignInForm`], [`CodeForm`] (on the page [`Paths::second_step`] names),
//!    [`RegisterForm`], [`SessionList`], [`SignOutButton`] and, with passkeys on
//!    ([`AuthServer::passkeys`]), [`PasskeySignInButton`] and [`PasskeyList`] on its pages,
//!    styled through their `auth-…` class names, with its own [`Texts`] if it wants.
//! 4. Reads [`use_auth`]`().user` wherever a page depends on who is signed in.
//! 5. For forgot/reset and address verification, gives [`AuthServer::mail`] a [`Mailer`],
//!    routes [`RESET_LINK_PATH`] and [`VERIFY_LINK_PATH`] to [`AuthServer::reset_link`] and
//!    [`AuthServer::verify_link`], and puts [`ForgotPasswordForm`], [`ResetPasswordForm`] (on
//!    the page [`Paths::reset`] names) and [`ConfirmEmailButton`] (on [`Paths::verify`]'s) on
//!    its pages.
//! 6. For bearer tokens, gives [`AuthServer::tokens`] its quire-auth `Tokens` and the scopes
//!    people may give a token, and puts [`TokenList`] on its tokens page.
//! 7. For a password change, puts [`ChangePasswordForm`] on a signed-in page. For two-step
//!    sign-in, gives [`AuthServer::authenticator_apps`] the site's name and puts
//!    [`TwoStepSettings`] on its security page.
//! 8. For open tabs, puts [`SignedOutWatch`] and [`IdleWarning`] on its signed-in pages, routes
//!    [`EVENTS_PATH`] to [`AuthServer::event_stream`] and makes [`QUIET_PATHS`] quiet in the
//!    session layer.
//!
//! Features: `ssr` for the server build, `hydrate` for the browser's, and `pages` (on by
//! default) for the server functions and components. An app that keeps its own account pages
//! for now turns `pages` off and uses only [`HttpRefusal`], [`CallFailure`] and
//! `error_status` for its own server functions.
#![warn(missing_docs)]

#[cfg(feature = "pages")]
mod api;
#[cfg(feature = "pages")]
mod components;
#[cfg(feature = "pages")]
mod context;
mod error;
#[cfg(any(feature = "hydrate", test))]
mod events;
#[cfg(feature = "hydrate")]
pub mod passkey_browser;
#[cfg(all(feature = "ssr", feature = "pages"))]
mod server;
#[cfg(feature = "ssr")]
mod status;
#[cfg(feature = "hydrate")]
pub mod tab_watch;
#[cfg(feature = "pages")]
mod texts;
#[cfg(feature = "pages")]
mod views;

#[cfg(feature = "pages")]
pub use api::{
    change_password, confirm_email, confirm_password, confirm_two_step, create_token, current_user,
    end_session, finish_passkey_registration, finish_passkey_sign_in, list_passkeys, list_sessions,
    list_tokens, new_recovery_codes, register, remove_passkey, request_password_reset,
    reset_password, revoke_token, session_clock, sign_in, sign_in_code, sign_out,
    start_passkey_registration, start_passkey_sign_in, start_two_step, stay_signed_in,
    turn_off_two_step, two_step, ChangePassword, ConfirmEmail, ConfirmPassword, ConfirmTwoStep,
    CreateToken, CurrentUser, EndSession, FinishPasskeyRegistration, FinishPasskeySignIn,
    ListPasskeys, ListSessions, ListTokens, NewRecoveryCodes, Register, RemovePasskey,
    RequestPasswordReset, ResetPassword, RevokeToken, SessionClock, SignIn, SignInCode, SignOut,
    StartPasskeyRegistration, StartPasskeySignIn, StartTwoStep, StaySignedIn, TurnOffTwoStep,
    TwoStep, EVENTS_PATH, QUIET_PATHS,
};
#[cfg(feature = "pages")]
pub use components::{
    ChangePasswordForm, CodeForm, ConfirmEmailButton, ForgotPasswordForm, IdleWarning, PasskeyList,
    PasskeySignInButton, RegisterForm, ResetPasswordForm, SessionList, SignInForm, SignOutButton,
    SignedOutWatch, SudoPrompt, TokenList, TwoStepSettings,
};
#[cfg(feature = "pages")]
pub use context::{provide_auth, use_auth, Auth};
pub use error::{AuthError, CallFailure, HttpRefusal};
#[cfg(all(feature = "ssr", feature = "pages"))]
pub use server::{
    AuthServer, Mail, Mailer, Paths, Registrar, ToAuthUser, RESET_LINK_PATH, VERIFY_LINK_PATH,
};
#[cfg(feature = "ssr")]
pub use status::error_status;
#[cfg(feature = "pages")]
pub use texts::Texts;
#[cfg(feature = "pages")]
pub use views::{
    AuthUser, AuthenticatorSetup, IdleClock, NewToken, PasskeyView, RecoveryCodes, SessionView,
    TokenView, TokensView, TwoStepView,
};
