//! Credentials added recently (checklist L06). A password change keeps the account's passkeys
//! and authenticator app: they are credentials of their own, which the owner may depend on.
//! A thief who knew the password could have added one, though, and it would outlive the new
//! password. So the password change page and the reset page list what was added in the last
//! [`RECENT_DAYS`] days, with when and from where, and offer to remove it with the change.
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::{error::AppError, timestamp::Timestamp};

/// How far back "recently" reaches.
pub const RECENT_DAYS: i64 = 30;

/// A passkey or authenticator app added recently, as the owner is shown it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecentCredential {
    /// "Passkey “Laptop”" or "Authenticator app".
    pub what: String,
    pub added: Timestamp,
    /// The browser, system and IP address it was added from.
    pub from: String,
}

/// The signed-in user's recently added passkeys and authenticator app.
#[server(endpoint = "recent_credentials")]
pub async fn recent_credentials() -> Result<Vec<RecentCredential>, AppError> {
    use crate::server::request;
    let (user, state) = (request::require_user()?, request::state()?);
    super::server::recent_credentials(&state, user.id).await
}

/// The list and the checkbox (`remove_recent`) inside a password form, once `list` is read;
/// nothing when it is empty or could not be read (the form works without it).
#[component]
pub fn RecentCredentialsChoice(
    list: Resource<Result<Vec<RecentCredential>, AppError>>,
) -> impl IntoView {
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                list.await.ok().map(|items| view! { <RecentList items /> })
            })}
        </Suspense>
    }
}

#[component]
fn RecentList(items: Vec<RecentCredential>) -> impl IntoView {
    (!items.is_empty()).then(|| {
        view! {
            <fieldset class="recent-credentials">
                <legend>{format!("Added to your account in the last {RECENT_DAYS} days")}</legend>
                <p>"These still open your account after the password changes. If you do not recognise one, someone who knew your password may have added it."</p>
                <ul>
                    {items.into_iter().map(|c| view! {
                        <li>{c.what}" · added "{c.added.date_time()}" from "{c.from}</li>
                    }).collect_view()}
                </ul>
                <label class="check">
                    <input type="checkbox" name="remove_recent" value="on" />
                    " Remove them along with the old password"
                </label>
            </fieldset>
        }
    })
}
