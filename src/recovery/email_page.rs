//! Account → E-mail, and the page of the link that confirms a new address.
use leptos::prelude::*;
use leptos_meta::Title;

use super::{
    api::{CancelEmailChange, ConfirmEmailChange, LinkPage, RequestEmailChange},
    pages::{LinkGate, Outcome},
};
use crate::{
    auth::sudo::{is_sudo_required, ConfirmPassword, SudoPrompt},
    ui::{field_error, AccountTabs, Field, FormError},
};

/// Account → E-mail: asks for the new address (in sudo mode) and mails it a confirmation link.
#[component]
pub fn EmailPage() -> impl IntoView {
    let action = ServerAction::<RequestEmailChange>::new();
    let confirm = ServerAction::<ConfirmPassword>::new();
    let error = crate::ui::action_error(action);
    let asked = Signal::derive(move || is_sudo_required(action.value().get()));
    view! {
        <Title text="E-mail address" />
        <section class="card">
            <AccountTabs />
            <h1>"Change your e-mail address"</h1>
            <p>"We send a link to the new address; the change takes effect when you follow it. Your current address is told at once, with a link that cancels the change."</p>
            <SudoPrompt asked confirm />
            <FormError error />
            <ActionForm action=action>
                <Field label="New e-mail address" name="email" kind="email" autocomplete="email"
                    error=field_error(error, "email") />
                <button type="submit">"Send the confirmation link"</button>
            </ActionForm>
        </section>
    }
}

/// After the request: the change waits for the link mailed to the new address.
#[component]
pub fn EmailSentPage() -> impl IntoView {
    view! {
        <Outcome title="Check your new mailbox"
            text="We sent a link to the new address. Your address changes when you follow it."
            next=("/account/email", "Back to your account") />
    }
}

/// The page a confirmation link leads to: one click (a POST) moves the account to the new
/// address, so a mail scanner that opens the link changes nothing.
#[component]
pub fn ConfirmEmailChangePage() -> impl IntoView {
    let action = ServerAction::<ConfirmEmailChange>::new();
    let error = crate::ui::action_error(action);
    view! {
        <LinkGate page=LinkPage::EmailChange>
            <Title text="Confirm your new address" />
            <section class="card narrow">
                <h1>"Confirm your new address"</h1>
                <p>"Your account will use this address from now on."</p>
                <FormError error />
                <ActionForm action=action>
                    <button type="submit">"Confirm the new address"</button>
                </ActionForm>
            </section>
        </LinkGate>
    }
}

/// After the confirmation: the account uses the new address and the old one was told.
#[component]
pub fn EmailChangedPage() -> impl IntoView {
    view! {
        <Outcome title="Your address was changed"
            text="Your account now uses the new address. The old one was told of the change."
            next=("/", "Go to the home page") />
    }
}

/// The page the cancel link (mailed to the old address) leads to: one click voids the link
/// sent to the new address and keeps the account's address.
#[component]
pub fn CancelEmailChangePage() -> impl IntoView {
    let action = ServerAction::<CancelEmailChange>::new();
    let error = crate::ui::action_error(action);
    view! {
        <LinkGate page=LinkPage::EmailChangeCancel>
            <Title text="Cancel the change of address" />
            <section class="card narrow">
                <h1>"Cancel the change of address"</h1>
                <p>"The link sent to the new address will stop working, and your account keeps this address."</p>
                <FormError error />
                <ActionForm action=action>
                    <button type="submit">"Cancel the change"</button>
                </ActionForm>
            </section>
        </LinkGate>
    }
}

/// After a cancel: the address stays, and the owner is sent on to choose a new password,
/// since whoever asked for the change knew it.
#[component]
pub fn EmailChangeCancelledPage() -> impl IntoView {
    view! {
        <Outcome title="The change was cancelled"
            text="Your account keeps this address. If you did not ask for the change, someone knows your password: choose a new one now. That signs out every session."
            next=("/forgot-password", "Choose a new password") />
    }
}
