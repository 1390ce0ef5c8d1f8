//! The signed-in account as every component reads it.
use leptos::prelude::*;

use crate::api::current_user;
use crate::{AuthError, AuthUser};

/// The account state of the app, from [`provide_auth`]: the current user, fetched again
/// whenever a form of this crate changed who is signed in. `Copy`, so components capture it
/// freely.
#[derive(Clone, Copy)]
pub struct Auth {
    /// The signed-in account, `None` when signed out. Read inside `<Suspense>` or
    /// `<Transition>`: it is fetched once on the server and sent with the page, so hydration
    /// sees the same value, and fetched again after each sign-in, registration or sign-out.
    pub user: Resource<Result<Option<AuthUser>, AuthError>>,
    changes: RwSignal<u64>,
    /// Counts the sign-outs this tab started, so that the signed-out watch knows an event of
    /// its own from one that came from elsewhere.
    sign_outs_here: RwSignal<u64>,
}

impl Auth {
    /// Fetches [`Auth::user`] again: call it after an action of the app's own changed who is
    /// signed in (the forms of this crate call it themselves).
    pub fn changed(&self) {
        self.changes.update(|n| *n += 1);
    }

    /// This tab is signing out: the session's end that follows is not news to it.
    pub(crate) fn signing_out_here(&self) {
        self.sign_outs_here.update(|n| *n += 1);
    }

    /// How many sign-outs this tab has started.
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    pub(crate) fn sign_outs_here(&self) -> u64 {
        self.sign_outs_here.get_untracked()
    }
}

/// Makes [`Auth`] available to every component below; call it once, at the top of the app's
/// root component.
///
/// ```
/// use leptos::prelude::*;
/// use quire_auth_leptos::{provide_auth, use_auth};
///
/// #[component]
/// fn App() -> impl IntoView {
///     provide_auth();
///     view! { <Greeting /> }
/// }
///
/// #[component]
/// fn Greeting() -> impl IntoView {
///     let auth = use_auth();
///     view! {
///         <Suspense>
///             {move || Suspend::new(async move {
///                 match auth.user.await {
///                     Ok(Some(user)) => format!("Hello, {}", user.name),
///                     _ => "Hello, stranger".to_owned(),
///                 }
///             })}
///         </Suspense>
///     }
/// }
/// ```
pub fn provide_auth() -> Auth {
    let changes = RwSignal::new(0);
    let user = Resource::new(move || changes.get(), |_| current_user());
    let sign_outs_here = RwSignal::new(0);
    let auth = Auth {
        user,
        changes,
        sign_outs_here,
    };
    provide_context(auth);
    auth
}

/// The [`Auth`] that [`provide_auth`] made.
///
/// # Panics
/// When `provide_auth` was not called above this component: a mistake in the app's code,
/// found the first time the page renders.
pub fn use_auth() -> Auth {
    use_context::<Auth>().expect("call quire_auth_leptos::provide_auth() in the root component")
}
