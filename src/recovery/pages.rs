//! "Forgot your password?", the reset link's page, and the pieces every mailed link's page
//! shares. Plain forms posting to server functions: they work without JavaScript and are
//! enhanced once the page hydrates.
use leptos::prelude::*;
use leptos_meta::Title;

use super::api::{
    link_live, reset_recent_credentials, LinkPage, RequestPasswordReset, ResetPassword,
};
use crate::{
    auth::recent::RecentCredentialsChoice,
    error::AppError,
    ui::{field_error, load, Field, FormError},
};

/// A page that says what just happened: a heading, a status line, and where to go next.
#[component]
pub fn Outcome(
    title: &'static str,
    text: &'static str,
    #[prop(optional)] next: Option<(&'static str, &'static str)>,
) -> impl IntoView {
    view! {
        <Title text=title />
        <section class="card narrow">
            <h1>{title}</h1>
            <p role="status">{text}</p>
            {next.map(|(href, label)| view! { <p><a class="button" href=href>{label}</a></p> })}
        </section>
    }
}

/// Shows `children` (the link's form) only while this browser holds a live link for `page`;
/// otherwise the one answer for a tampered, expired, spent or unknown link.
#[component]
pub fn LinkGate(page: LinkPage, children: ChildrenFn) -> impl IntoView {
    let live = Resource::new_blocking(move || page, |page| load(link_live(page)));
    let children = StoredValue::new(children);
    view! {
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match live.await {
                    Ok(()) => children.read_value()().into_any(),
                    Err(error) => view! { <LinkExpired error page /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn LinkExpired(error: AppError, page: LinkPage) -> impl IntoView {
    let heading = match error {
        AppError::TooManyRequests(_) => "Too many attempts",
        _ => "This link no longer works",
    };
    let (href, label) = match page {
        LinkPage::Reset => ("/forgot-password", "Ask for a new link"),
        LinkPage::Verify => ("/account/email", "Send a new link from your account"),
        LinkPage::EmailChange => ("/account/email", "Start the change again"),
        LinkPage::EmailChangeCancel => ("/forgot-password", "Choose a new password"),
    };
    view! {
        <Title text=heading />
        <section class="card narrow">
            <h1>{heading}</h1>
            <p role="alert">{error.to_string()}</p>
            <p><a href=href>{label}</a></p>
        </section>
    }
}

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let action = ServerAction::<RequestPasswordReset>::new();
    let error = crate::ui::action_error(action);
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
        <Outcome title="Check your mail"
            text="If an account uses that address, a link to choose a new password is on its way. It works once, within the hour. Nothing after a few minutes? Look in your spam folder, or ask again."
            next=("/forgot-password", "Ask for another link") />
    }
}

/// The reset link's page. The secret is in an HttpOnly cookie by now (see `recovery::link`),
/// never in this page's URL or HTML.
#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    view! {
        <LinkGate page=LinkPage::Reset>
            <ResetPasswordForm />
        </LinkGate>
    }
}

/// Rendered only for a live link, so that what it reads about the account is only ever read
/// for the link's holder (and a dead link is not counted twice against the IP).
#[component]
fn ResetPasswordForm() -> impl IntoView {
    let action = ServerAction::<ResetPassword>::new();
    let error = crate::ui::action_error(action);
    let recent = Resource::new_blocking(|| (), |_| reset_recent_credentials());
    view! {
        <Title text="Choose a new password" />
        <section class="card narrow">
            <h1>"Choose a new password"</h1>
            <p>"Every session of your account will be signed out, and its access tokens revoked."</p>
            <FormError error />
            <ActionForm action=action>
                <Field label="New password (at least 8 characters)" name="new_password" kind="password"
                    autocomplete="new-password" error=field_error(error, "new_password") />
                <RecentCredentialsChoice list=recent />
                <button type="submit">"Set the new password"</button>
            </ActionForm>
        </section>
    }
}

#[component]
pub fn ResetDonePage() -> impl IntoView {
    view! {
        <Outcome title="Your password was changed"
            text="Every session of your account was signed out. Sign in with your new password."
            next=("/sign-in", "Sign in") />
    }
}
