//! "Forgot your password?" and the pages of the reset link. Plain forms posting to server
//! functions: they work without JavaScript and are enhanced once the page hydrates.
use leptos::prelude::*;
use leptos_meta::Title;

use super::api::{reset_link_live, RequestPasswordReset, ResetPassword};
use crate::{
    error::AppError,
    ui::{field_error, load, Field, FormError},
};

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let action = ServerAction::<RequestPasswordReset>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    view! {
        <Title text="Forgot your password?" />
        <section class="card narrow">
            <h1>"Forgot your password?"</h1>
            <p>"Enter the e-mail address of your account. We will send you a link to choose a new password."</p>
            <FormError error />
            <ActionForm action=action>
                <Field label="E-mail" name="email" kind="email" autocomplete="email" error=field_error(error, "email") />
                <button type="submit">"Send the link"</button>
            </ActionForm>
            <p><a href="/sign-in">"Back to sign in"</a></p>
        </section>
    }
}

#[component]
pub fn ResetSentPage() -> impl IntoView {
    view! {
        <Title text="Check your mail" />
        <section class="card narrow">
            <h1>"Check your mail"</h1>
            <p role="status">"If an account uses that address, a link to choose a new password is on its way. It works once, within the hour."</p>
            <p>"Nothing arrived after a few minutes? Look in your spam folder, or "
                <a href="/forgot-password">"ask for another link"</a>"."</p>
        </section>
    }
}

/// The link's form. The secret is in an HttpOnly cookie by now (see `recovery::link`), never
/// in this page's URL or HTML.
#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let live = Resource::new_blocking(|| (), |_| load(reset_link_live()));
    let action = ServerAction::<ResetPassword>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    view! {
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match live.await {
                    Ok(()) => view! {
                        <Title text="Choose a new password" />
                        <section class="card narrow">
                            <h1>"Choose a new password"</h1>
                            <p>"Every session of your account will be signed out, and its access tokens revoked."</p>
                            <FormError error />
                            <ActionForm action=action>
                                <Field label="New password (at least 8 characters)" name="new_password" kind="password"
                                    autocomplete="new-password" error=field_error(error, "new_password") />
                                <button type="submit">"Set the new password"</button>
                            </ActionForm>
                        </section>
                    }.into_any(),
                    Err(error) => view! { <LinkExpired error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The one answer for a tampered, expired, spent or unknown link.
#[component]
fn LinkExpired(error: AppError) -> impl IntoView {
    let heading = match error {
        AppError::TooManyRequests(_) => "Too many attempts",
        _ => "This link no longer works",
    };
    view! {
        <Title text=heading />
        <section class="card narrow">
            <h1>{heading}</h1>
            <p role="alert">{error.to_string()}</p>
            <p><a href="/forgot-password">"Ask for a new link"</a></p>
        </section>
    }
}

#[component]
pub fn ResetDonePage() -> impl IntoView {
    view! {
        <Title text="Password changed" />
        <section class="card narrow">
            <h1>"Your password was changed"</h1>
            <p role="status">"Every session of your account was signed out. Sign in with your new password."</p>
            <p><a class="button" href="/sign-in">"Sign in"</a></p>
        </section>
    }
}
