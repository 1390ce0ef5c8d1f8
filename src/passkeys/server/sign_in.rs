//! Signing in with a passkey: a discoverable credential, so no address is typed. A passkey is
//! phishing-resistant and verifies the user on the device, so it is both steps at once.
use webauthn_rs::prelude::PublicKeyCredential;
use webauthn_rs_proto::RequestChallengeResponse;

use super::{ceremony, ceremony::Purpose, in_our_words, relying_party_of};
use crate::{
    audit::{api::AuditEvent, server as audit},
    error::AppError,
    identity::{ClientInfo, User},
    limits::Write,
    server::state::AppState,
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

/// Checks the signed challenge against this browser's ceremony; the user to start a session
/// for. quire-auth throttles it per IP like every secret check, spends the ceremony, and
/// audits a possible clone (W02); Quire records the sign-in.
pub async fn finish(
    state: &AppState,
    client: &ClientInfo,
    credential: &PublicKeyCredential,
) -> Result<User, AppError> {
    let rp = relying_party_of(state)?;
    let secret = ceremony::secret(state);
    let now = state.clock.now().unix_timestamp();
    let check = &state.password_check;
    let signed_in = check.passkey_sign_in(rp, client, secret.as_deref(), credential, now);
    let user = signed_in.await.map_err(in_our_words)?;
    let event = AuditEvent::SignInOk;
    audit::record_own(state, event, user.id, client, "browser, passkey").await;
    Ok(user)
}
