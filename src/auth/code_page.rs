//! `/sign-in/code`: the second step of signing in. Until it succeeds the browser holds no
//! session, only a pending record that can do nothing else (W05).
use leptos::prelude::*;
use leptos_meta::Title;

use super::api::SignInCode;
use crate::{
    error::AppError,
    ui::{field_error, Field, FormError},
};

#[component]
pub fn CodePage() -> impl IntoView {
    let action = ServerAction::<SignInCode>::new();
    let error = crate::ui::action_error(action);
    let expired = move || matches!(error.get(), Some(AppError::SignInAgain));
    view! {
        <Title text="Two-step sign-in" />
        <section class="card narrow">
            <h1>"Enter your code"</h1>
            <p>"Open your authenticator app and enter the code it shows for Quire. Lost your phone? Enter one of your recovery codes instead."</p>
            <FormError error />
            <Show when=expired>
                <p><a href="/sign-in">"Sign in again"</a></p>
            </Show>
            <ActionForm action=action>
                <Field label="Code" name="code" autocomplete="one-time-code" error=field_error(error, "code") />
                <button type="submit">"Sign in"</button>
            </ActionForm>
        </section>
    }
}
