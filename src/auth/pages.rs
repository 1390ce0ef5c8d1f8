//! Register, sign in and the account part of the header. Plain forms posting to server
//! functions: they work without JavaScript and are enhanced once the page hydrates.
use leptos::prelude::*;
use leptos_meta::Title;

use super::api::{current_user, Register, SignIn, SignOut, UserView};
use crate::identity::Role;
use crate::{
    error::AppError,
    ui::{field_error, Field, FormError},
};

/// The signed-in user, shared by the header and the pages.
#[derive(Clone, Copy)]
pub struct Auth {
    pub user: Resource<Result<Option<UserView>, AppError>>,
    pub sign_out: ServerAction<SignOut>,
    /// Bumped when a page's account action succeeds, so the header refetches the user.
    changed: RwSignal<usize>,
}

pub fn provide_auth() {
    let sign_out = ServerAction::<SignOut>::new();
    let changed = RwSignal::new(0);
    // Blocking: the first byte of HTML already knows who is signed in, so there is no
    // signed-out flash. Refetched on every in-app navigation too, so a role change or a
    // deactivation shows on the user's next click, not only on a full page load.
    let location = leptos_router::hooks::use_location();
    let user = Resource::new_blocking(
        move || {
            (
                sign_out.version().get(),
                changed.get(),
                location.pathname.get(),
            )
        },
        |_| current_user(),
    );
    provide_context(Auth {
        user,
        sign_out,
        changed,
    });
}

/// The last error of a page's action, and a header refresh when it succeeds. Actions are made
/// inside route views because that is where a form error carried back in the URL (no JS) is seen.
fn track_action(
    value: impl Fn() -> Option<Result<(), AppError>> + Send + Sync + 'static + Copy,
) -> Signal<Option<AppError>> {
    let auth = expect_context::<Auth>();
    Effect::new(move |_| {
        if let Some(Ok(())) = value() {
            auth.changed.update(|n| *n += 1);
        }
    });
    Signal::derive(move || value().and_then(|result| result.err()))
}

#[component]
pub fn AccountNav() -> impl IntoView {
    let auth = expect_context::<Auth>();
    view! {
        <nav class="account" aria-label="Account">
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match auth.user.await {
                        Ok(Some(user)) => view! {
                            <RoleLinks role=user.role />
                            <span class="signed-in">"Signed in as " <strong>{user.display_name}</strong></span>
                            <super::idle_watch::IdleWatch />
                            <super::signed_out_watch::SignedOutWatch />
                            <a href="/account/sessions">"Account"</a>
                            <ActionForm action=auth.sign_out attr:class="inline">
                                <button type="submit" class="link">"Sign out"</button>
                            </ActionForm>
                        }.into_any(),
                        _ => view! {
                            <a href="/sign-in">"Sign in"</a>
                            <a href="/register">"Register"</a>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </nav>
    }
}

/// Shortcuts for the user's role. Hiding a link protects nothing: each page and server
/// function checks the role again.
#[component]
fn RoleLinks(role: Role) -> impl IntoView {
    let writes = role.can_write();
    view! {
        {writes.then(|| view! { <a href="/write">"Write"</a> <a href="/my-posts">"Your posts"</a> })}
        {role.is_admin().then(|| view! { <a href="/admin/users">"Admin"</a> })}
    }
}

/// Name, e-mail and a new password: the fields of registration and of first-run setup.
#[component]
pub fn NewAccountFields(error: Signal<Option<AppError>>) -> impl IntoView {
    view! {
        <Field label="Name" name="display_name" autocomplete="name" error=field_error(error, "display_name") />
        <Field label="E-mail" name="email" kind="email" autocomplete="email" error=field_error(error, "email") />
        <Field label="Password (at least 8 characters)" name="password" kind="password"
            autocomplete="new-password" error=field_error(error, "password") />
    }
}

#[component]
pub fn RegisterPage() -> impl IntoView {
    let action = ServerAction::<Register>::new();
    let error = track_action(move || action.value().get());
    view! {
        <Title text="Register" />
        <section class="card narrow">
            <h1>"Create your account"</h1>
            <FormError error />
            <ActionForm action=action>
                <NewAccountFields error />
                <button type="submit">"Register"</button>
            </ActionForm>
            <p>"Already have an account? " <a href="/sign-in">"Sign in"</a></p>
        </section>
    }
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let action = ServerAction::<SignIn>::new();
    let error = track_action(move || action.value().get());
    let remember = NodeRef::<leptos::html::Input>::new();
    // Sent here by the idle warning when the session ended without activity, or by the
    // signed-out event when it was ended elsewhere.
    let query = leptos_router::hooks::use_query_map();
    let idle = move || query.read().get("idle").is_some();
    let ended = move || query.read().get("ended").is_some();
    view! {
        <Title text="Sign in" />
        <section class="card narrow">
            <h1>"Sign in"</h1>
            <Show when=idle>
                <p class="notice" role="status">"You have been signed out because you were away for a while. Sign in again to go on."</p>
            </Show>
            <Show when=ended>
                <p class="notice" role="status">"You have been signed out: this session was ended on another tab or device. Sign in again to go on."</p>
            </Show>
            <FormError error />
            <ActionForm action=action>
                // "webauthn": the browser may offer passkeys among this field's suggestions.
                <Field label="E-mail" name="email" kind="email" autocomplete="username webauthn" error=field_error(error, "email") />
                <Field label="Password" name="password" kind="password"
                    autocomplete="current-password" error=field_error(error, "password") />
                <label class="check">
                    <input type="checkbox" name="remember" value="on" node_ref=remember />
                    " Keep me signed in"
                </label>
                <button type="submit">"Sign in"</button>
            </ActionForm>
            <super::passkey_sign_in::PasskeySignIn remember />
            <p><a href="/forgot-password">"Forgot your password?"</a></p>
            <p>"New here? " <a href="/register">"Create an account"</a></p>
        </section>
    }
}
