//! Address verification: what registration answers, the link's page, and the notice shown
//! where an unverified account would comment or write.
use leptos::prelude::*;
use leptos_meta::Title;

use super::{
    api::{ConfirmEmail, LinkPage, ResendVerification},
    pages::{LinkGate, Outcome},
};
use crate::ui::FormError;

#[component]
pub fn RegisterSentPage() -> impl IntoView {
    view! {
        <Outcome title="Check your mail"
            text="We sent a link to the address you entered. Follow it to confirm the address, then sign in. (If the address already has an account, the mail says so instead.)"
            next=("/sign-in", "Sign in") />
    }
}

#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    let action = ServerAction::<ConfirmEmail>::new();
    let error = crate::ui::action_error(action);
    view! {
        <LinkGate page=LinkPage::Verify>
            <Title text="Confirm your address" />
            <section class="card narrow">
                <h1>"Confirm your address"</h1>
                <p>"Confirm that this address is yours, and you can comment and write."</p>
                <FormError error />
                <ActionForm action=action>
                    <button type="submit">"Confirm my address"</button>
                </ActionForm>
            </section>
        </LinkGate>
    }
}

#[component]
pub fn VerifyDonePage() -> impl IntoView {
    view! {
        <Outcome title="Your address is confirmed"
            text="Thank you. You can now comment and write."
            next=("/", "Go to the home page") />
    }
}

#[component]
pub fn VerifySentPage() -> impl IntoView {
    view! {
        <Outcome title="Check your mail"
            text="We sent a new link to your address; the older one no longer works."
            next=("/", "Go to the home page") />
    }
}

/// Why an unverified account cannot comment or write here, and a way to get the link again.
#[component]
pub fn VerifyNotice(doing: &'static str) -> impl IntoView {
    let action = ServerAction::<ResendVerification>::new();
    let error = crate::ui::action_error(action);
    view! {
        <div class="notice" role="status">
            <p>{format!("Verify your e-mail address to {doing}: follow the link we sent you when you registered.")}</p>
            <FormError error />
            <ActionForm action=action attr:class="inline">
                <button type="submit" class="secondary">"Send the link again"</button>
            </ActionForm>
        </div>
    }
}
