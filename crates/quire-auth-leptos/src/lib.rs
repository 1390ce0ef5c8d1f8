//! Accounts for Leptos apps, on [quire-auth](https://docs.rs/quire-auth): server functions and
//! components for signing in, registering, listing and ending sessions, and signing out.
//!
//! Every form is a plain HTML form posted to a server function, so it works without
//! JavaScript and hydrates when JavaScript runs. Sessions are quire-auth's: server-side, in an
//! HTTP-only cookie that no script can read, with the signed-in account read fresh from the
//! database on every request.
//!
//! An app does four things:
//! 1. On the server, builds an [`AuthServer`] from its quire-auth parts (the principal type it
//!    signs in, the sessions, the password check) and provides it in the Leptos context of its
//!    routes, next to quire-auth's session layer and [`error_status`].
//! 2. Calls [`provide_auth`] in its root component.
//! 3. Puts [`SignInForm`], [`RegisterForm`], [`SessionList`] and [`SignOutButton`] on its
//!    pages, styled through their `auth-…` class names, with its own [`Texts`] if it wants.
//! 4. Reads [`use_auth`]`().user` wherever a page depends on who is signed in.
//!
//! Features: `ssr` for the server build, `hydrate` for the browser's.
#![warn(missing_docs)]

mod api;
mod components;
mod context;
mod error;
#[cfg(feature = "ssr")]
mod server;
mod texts;
mod views;

pub use api::{
    current_user, end_session, list_sessions, register, sign_in, sign_out, CurrentUser, EndSession,
    ListSessions, Register, SignIn, SignOut,
};
pub use components::{RegisterForm, SessionList, SignInForm, SignOutButton};
pub use context::{provide_auth, use_auth, Auth};
pub use error::{AuthError, CallFailure, HttpRefusal};
#[cfg(feature = "ssr")]
pub use server::{error_status, AuthServer, Paths, Registrar, ToAuthUser};
pub use texts::Texts;
pub use views::{AuthUser, SessionView};
