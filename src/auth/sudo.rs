//! Sudo mode: sensitive actions need the password entered in the last few minutes. The
//! confirmation is a password check like any other (one throttled door, checklist P08), and the
//! prompt appears inline where an action answered `SudoRequired`.
use leptos::prelude::*;

use crate::{
    error::AppError,
    ui::{field_error, Field},
};

/// Enters sudo mode: the password, checked again, opens the window for sensitive actions.
#[server(endpoint = "confirm_password")]
pub async fn confirm_password(password: String) -> Result<(), AppError> {
    use crate::server::request;
    let user = request::require_user()?;
    let (state, session) = (request::state()?, request::session()?);
    use super::secret_check::{check_password, Claimant, Door};
    let (client, claimant) = (request::client_info(), Claimant::User(user.id));
    check_password(&state, &client, claimant, password, Door::Sudo).await?;
    state
        .sessions
        .reauthenticated(&session, user.auth_epoch)
        .await?;
    Ok(())
}

pub fn is_sudo_required<T>(value: Option<Result<T, AppError>>) -> bool {
    matches!(value, Some(Err(AppError::SudoRequired)))
}

/// Asks for the password inline once a sensitive action answered `SudoRequired` (`asked`),
/// until it is confirmed; the user then repeats the action where they were.
#[component]
pub fn SudoPrompt(
    #[prop(into)] asked: Signal<bool>,
    confirm: ServerAction<ConfirmPassword>,
) -> impl IntoView {
    let confirmed = move || matches!(confirm.value().get(), Some(Ok(())));
    let error = crate::ui::action_error(confirm);
    view! {
        <Show when=move || asked.get() && !confirmed()>
            <div class="sudo" role="region" aria-label="Confirm your password">
                <p>"For your safety, confirm your password to continue."</p>
                <ActionForm action=confirm>
                    <Field label="Your password" name="password" kind="password"
                        autocomplete="current-password" error=field_error(error, "password") />
                    <button type="submit">"Confirm"</button>
                </ActionForm>
            </div>
        </Show>
    }
}
