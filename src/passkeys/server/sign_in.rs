//! Signing in with a passkey: a discoverable credential, so no address is typed. A passkey is
//! phishing-resistant and verifies the user on the device, so it is both steps at once.
use webauthn_rs::prelude::{DiscoverableAuthentication, PublicKeyCredential, WebauthnError};
use webauthn_rs_proto::RequestChallengeResponse;

use super::{ceremony, ceremony::Purpose, relying_party_of, store};
use crate::{
    audit::{api::AuditEvent, server as audit},
    error::AppError,
    identity::{ClientInfo, Role, User},
    server::{state::AppState, write_limits::Write},
};

/// The options for `navigator.credentials.get`: `autofill` for the e-mail field's suggestions
/// (conditional mediation), otherwise for the "Sign in with a passkey" button.
pub async fn start(
    state: &AppState,
    client: &ClientInfo,
    autofill: bool,
) -> Result<RequestChallengeResponse, AppError> {
    let rp = relying_party_of(state)?;
    state.sign_in_throttle.refuse_if_blocked(&client.ip).await?;
    crate::limits::allow(state, Write::PasskeyCeremony, None, client).await?;
    let (mut options, authentication) = rp
        .start_discoverable_authentication()
        .map_err(AppError::internal)?;
    if !autofill {
        options.mediation = None;
    }
    ceremony::begin(state, Purpose::SignIn, None, &authentication).await?;
    Ok(options)
}

#[derive(sqlx::FromRow)]
struct Owner {
    id: i64,
    display_name: String,
    role: Role,
    active: bool,
    auth_epoch: i64,
    email_verified: bool,
}

/// Checks the signed challenge; the user to start a session for. Throttled per IP like every
/// secret check: the attempt is taken first and given back only when the passkey was accepted.
pub async fn finish(
    state: &AppState,
    client: &ClientInfo,
    credential: &PublicKeyCredential,
) -> Result<User, AppError> {
    let attempt = state.sign_in_throttle.attempt(&client.ip, None).await?;
    let checked = check_assertion(state, client, credential).await;
    match checked {
        Ok(_) => attempt.give_back().await,
        Err(_) => attempt.keep(),
    }
    checked
}

async fn check_assertion(
    state: &AppState,
    client: &ClientInfo,
    credential: &PublicKeyCredential,
) -> Result<User, AppError> {
    let rp = relying_party_of(state)?;
    let waiting = ceremony::take::<DiscoverableAuthentication>(state, Purpose::SignIn, None);
    let authentication = waiting.await?.ok_or(AppError::PasskeyRefused)?;
    let refuse = async |reason: &str, user: Option<i64>| {
        tracing::info!(reason, user, ip = %client.ip, "passkey sign-in refused");
        AppError::PasskeyRefused
    };
    let Ok((handle, credential_id)) = rp.identify_discoverable_authentication(credential) else {
        return Err(refuse("no user handle", None).await);
    };
    let found = store::find(&state.db, credential_id).await?;
    let Some(found) = found.filter(|f| f.webauthn_handle == Some(handle.to_string())) else {
        return Err(refuse("unknown passkey", None).await);
    };
    let mut key = found.key()?;
    let result = match rp.finish_discoverable_authentication_v2(credential, authentication, &key) {
        Ok(result) => result,
        Err(
            error @ (WebauthnError::CredentialPossibleCompromise
            | WebauthnError::CredentialBackupEligibilityInconsistent),
        ) => {
            // The signature counter went back or the backup flags changed: two copies of one
            // authenticator may exist (W02). Refused, and recorded for the account's owner.
            let detail = format!("possible cloned authenticator: {error}");
            let subject = Some(found.user_id);
            let event = AuditEvent::PasskeyRefused;
            audit::record(state, event, None, subject, client, &detail).await;
            return Err(refuse("possible clone", Some(found.user_id)).await);
        }
        Err(_) => return Err(refuse("signature not accepted", Some(found.user_id)).await),
    };
    key.update_credential(&result);
    let now = state.clock.now().unix_timestamp();
    store::used(&state.db, found.id, &key, now).await?;
    let owner: Owner = quire_auth::on_db!(state.db, |exe| {
        sqlx::query_as(
            "SELECT a.id, u.display_name, u.role, a.active, a.auth_epoch, a.email_verified \
         FROM auth_accounts a JOIN users u ON u.id = a.id WHERE a.id = $1",
        )
        .bind(found.user_id)
        .fetch_one(exe)
        .await
    })?;
    if !owner.active {
        return Err(refuse("account deactivated", Some(owner.id)).await);
    }
    audit::record_own(
        state,
        AuditEvent::SignInOk,
        owner.id,
        client,
        "browser, passkey",
    )
    .await;
    Ok(User {
        id: owner.id,
        display_name: owner.display_name,
        role: owner.role,
        active: owner.active,
        auth_epoch: owner.auth_epoch,
        email_verified: owner.email_verified,
    })
}
