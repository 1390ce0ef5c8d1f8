//! A WebAuthn ceremony in progress (checklist W01): quire-auth keeps its state on the server
//! (`auth_passkey_ceremonies`, single use, one purpose, five minutes); Quire binds it to one
//! browser by the secret in an HttpOnly cookie.
use serde::{de::DeserializeOwned, Serialize};

pub use quire_auth::passkeys::ceremony::Purpose;
use quire_auth::passkeys::ceremony::{self, LIFETIME_SECONDS};

use crate::{
    error::AppError,
    server::{cookies, state::AppState},
};

const COOKIE: &str = "quire_passkey";

/// Stores `state` and hands this browser the cookie that can finish it.
pub async fn begin(
    state: &AppState,
    purpose: Purpose,
    user_id: Option<i64>,
    ceremony_state: &impl Serialize,
) -> Result<(), AppError> {
    use secrecy::ExposeSecret;
    let now = state.clock.now().unix_timestamp();
    let secret = ceremony::begin(&state.db, purpose, user_id, ceremony_state, now).await?;
    let production = state.config.site.production;
    let max_age = LIFETIME_SECONDS as u64;
    let cookie = cookies::set(COOKIE, secret.expose_secret(), max_age, production);
    cookies::send(cookie);
    Ok(())
}

/// This browser's ceremony secret, if it has one; the cookie is removed either way, since a
/// ceremony is spent by the request that reads it.
pub fn secret(state: &AppState) -> Option<String> {
    let production = state.config.site.production;
    let name = cookies::name(COOKIE, production);
    let secret = crate::server::request::cookie(&name).filter(|s| !s.is_empty());
    cookies::send(cookies::set(COOKIE, "", 0, production));
    secret
}

/// Spends this browser's ceremony of `purpose` (for `user_id`, when one is signed in): its
/// state, once. Expired, spent, missing or someone else's: `None`.
pub async fn take<T: DeserializeOwned>(
    state: &AppState,
    purpose: Purpose,
    user_id: Option<i64>,
) -> Result<Option<T>, AppError> {
    let Some(secret) = self::secret(state) else {
        return Ok(None);
    };
    let now = state.clock.now().unix_timestamp();
    Ok(ceremony::take(&state.db, &secret, purpose, user_id, now).await?)
}
