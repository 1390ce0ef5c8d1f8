//! Account → Password: change it with the current one. Every other session ends.
use leptos::prelude::*;
use leptos_meta::Title;

use super::{
    api::ChangePassword,
    recent::{recent_credentials, RecentCredentialsChoice},
};
use crate::ui::{field_error, AccountTabs, Field, FormError};

#[component]
pub fn ChangePasswordPage() -> impl IntoView {
    let action = ServerAction::<ChangePassword>::new();
    let error = crate::ui::action_error(action);
    let recent = Resource::new_blocking(|| (), |_| recent_credentials());
    view! {
        <Title text="Change password" />
        <section class="card">
            <AccountTabs />
            <h1>"Change your password"</h1>
            <p>"You stay signed in here; every other session is signed out."</p>
            <FormError error />
            <ActionForm action=action>
                <Field label="Current password" name="current_password" kind="password"
                    autocomplete="current-password" error=field_error(error, "current_password") />
                <Field label="New password (at least 8 characters)" name="new_password" kind="password"
                    autocomplete="new-password" error=field_error(error, "new_password") />
                <RecentCredentialsChoice list=recent />
                <button type="submit">"Change password"</button>
            </ActionForm>
        </section>
    }
}
