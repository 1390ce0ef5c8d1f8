//! Account → Security: adding (sudo), renaming and removing (sudo) passkeys. Adding and removing
//! are audited and mailed to the owner (M06) in the transaction of the change.
use crate::passkeys::messages;
use webauthn_rs::prelude::{PasskeyRegistration, RegisterPublicKeyCredential};
use webauthn_rs_proto::{CreationChallengeResponse, ResidentKeyRequirement};

use super::{ceremony, ceremony::Purpose, relying_party_of, store, REFUSED};
use crate::{
    audit::{api::AuditEvent, server as audit},
    error::AppError,
    identity::{ClientInfo, User},
    mail::server::{commit_and_send, notify_owner_in},
    server::state::AppState,
};

const SUBJECT: &str = "Passkeys changed on your Quire account";

/// A passkey's name: 1 to 60 characters once trimmed.
pub fn passkey_name(raw: &str) -> Result<String, AppError> {
    crate::error::short_name("name", raw, 60, messages::PASSKEY_NAME)
}

/// The options the browser passes to `navigator.credentials.create`.
pub async fn start(state: &AppState, user: &User) -> Result<CreationChallengeResponse, AppError> {
    user.require_verified()?;
    let rp = relying_party_of(state)?;
    let email = crate::mail::server::recipient(&state.db, user.id)
        .await?
        .email;
    let handle = store::handle(&state.db, user.id).await?;
    let keys = store::keys(&state.db, user.id).await?;
    let exclude = keys.iter().map(|k| k.cred_id().clone()).collect();
    let (mut options, registration) = rp
        .start_passkey_registration(handle, &email, &user.display_name, Some(exclude))
        .map_err(AppError::internal)?;
    // A discoverable credential, so that signing in needs no address typed (the library asks
    // for a non-resident one by default).
    if let Some(selection) = options.public_key.authenticator_selection.as_mut() {
        selection.resident_key = Some(ResidentKeyRequirement::Required);
        selection.require_resident_key = true;
    }
    ceremony::begin(state, Purpose::Register, Some(user.id), &registration).await?;
    Ok(options)
}

pub async fn finish(
    state: &AppState,
    user: &User,
    client: &ClientInfo,
    name: &str,
    credential: &RegisterPublicKeyCredential,
) -> Result<(), AppError> {
    user.require_verified()?;
    let rp = relying_party_of(state)?;
    let waiting = ceremony::take::<PasskeyRegistration>(state, Purpose::Register, Some(user.id));
    let registration = waiting.await?.ok_or(REFUSED)?;
    let passkey = rp
        .finish_passkey_registration(credential, &registration)
        .map_err(|error| {
            tracing::info!(%error, user_id = user.id, "passkey registration refused");
            REFUSED
        })?;
    let now = state.clock.now().unix_timestamp();
    let mut tx = quire_auth::db::write(&state.db).await?;
    let from = crate::sessions::queries::client_label(client);
    if !store::insert_in(&mut tx, user.id, name, &passkey, now, &from).await? {
        tracing::warn!(
            user_id = user.id,
            "passkey already registered to an account"
        );
        return Err(REFUSED);
    }
    let what = format!("A passkey named \"{name}\" was added");
    let origin = &state.config.site.origin;
    notify_owner_in(&mut tx, origin, user.id, SUBJECT, &what, now).await?;
    commit_and_send(tx, state).await?;
    audit::record_own(state, AuditEvent::PasskeyAdded, user.id, client, name).await;
    Ok(())
}

/// Removes one passkey of `user_id` (`id` `Some`), or all of them (an admin's reset). `by` is
/// who did it, for the audit log.
pub async fn remove(
    state: &AppState,
    by: &User,
    user_id: i64,
    id: Option<i64>,
    client: &ClientInfo,
) -> Result<(), AppError> {
    let now = state.clock.now().unix_timestamp();
    let mut tx = quire_auth::db::write(&state.db).await?;
    let names = store::remove_in(&mut tx, user_id, id).await?;
    if names.is_empty() {
        return Err(AppError::NotFound);
    }
    let what = match (names.as_slice(), by.id == user_id) {
        ([one], true) => format!("The passkey named \"{one}\" was removed"),
        (_, true) => "Your passkeys were removed".to_owned(),
        (_, false) => {
            "An admin removed your passkeys, at your request or after a lost device".to_owned()
        }
    };
    let origin = &state.config.site.origin;
    notify_owner_in(&mut tx, origin, user_id, SUBJECT, &what, now).await?;
    commit_and_send(tx, state).await?;
    let detail = names.join(", ");
    let (event, subject) = (AuditEvent::PasskeyRemoved, Some(user_id));
    audit::record(state, event, Some(by.id), subject, client, &detail).await;
    Ok(())
}
