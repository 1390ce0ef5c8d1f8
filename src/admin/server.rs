//! Admin-only queries and operations on users.
use super::api::UserRow;
use crate::admin::messages;
use crate::ui::{into_page, page_window};
use crate::{
    auth::server::revoke_all_credentials,
    error::{AppError, Checks},
    identity::{Role, User},
    server::state::AppState,
    ui::{Page, Paged},
};
use quire_auth::db::Db;

/// Admins only, read fresh from the user row on this request.
pub fn require_admin(user: Option<User>) -> Result<User, AppError> {
    let user = user.ok_or(AppError::Unauthenticated)?;
    if user.role.is_admin() {
        Ok(user)
    } else {
        Err(AppError::Forbidden)
    }
}

/// An admin acts on other accounts only: demoting or deactivating oneself could leave the site
/// with no admin, and nobody able to undo it.
pub fn require_other(admin: &User, user_id: i64) -> Result<(), AppError> {
    if admin.id == user_id {
        Err(AppError::Forbidden)
    } else {
        Ok(())
    }
}

/// A search of the users list: trimmed, at most 100 characters (an e-mail is at most 254
/// bytes, so nothing longer can match anyway). The database refuses LIKE patterns past 50,000
/// bytes with an error, so an unbounded search was a 500; now it is a field error (R04).
pub struct UserSearch(String);

impl UserSearch {
    pub const MAX_CHARS: usize = 100;

    pub fn parse(raw: &str) -> Result<Self, AppError> {
        let query = raw.trim();
        let mut checks = Checks::default();
        let short = query.chars().count() <= Self::MAX_CHARS;
        checks.check("q", short.then_some(()).ok_or(messages::SEARCH_TOO_LONG));
        checks.finish()?;
        Ok(Self(query.to_owned()))
    }
}

/// `%` and `_` in a search are matched literally.
fn like_pattern(query: &str) -> String {
    let escaped = query
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{}%", escaped.to_lowercase())
}

/// One page of users whose e-mail or name contains `query`, oldest account first.
pub async fn users(
    db: &Db,
    query: &UserSearch,
    page: Page,
    viewer: i64,
) -> Result<Paged<UserRow>, AppError> {
    let (limit, offset) = page_window(page);
    let rows: Vec<UserRow> = quire_auth::on_db!(db, |exe| sqlx::query_as(
        "SELECT a.id, a.email, u.display_name, u.role, a.active, a.created_at AS created, \
                EXISTS (SELECT 1 FROM auth_totp_factors t \
                        WHERE t.account_id = a.id AND t.confirmed_at IS NOT NULL) AS two_step, \
                (SELECT COUNT(*) FROM auth_passkeys p WHERE p.account_id = a.id) AS passkeys \
         FROM auth_accounts a JOIN users u ON u.id = a.id \
         WHERE a.email LIKE $1 ESCAPE '\\' OR lower(u.display_name) LIKE $1 ESCAPE '\\' \
         ORDER BY a.id LIMIT $2 OFFSET $3",
    )
    .bind(like_pattern(&query.0))
    .bind(limit)
    .bind(offset)
    .fetch_all(exe)
    .await)?;
    Ok(into_page(rows, page).map(|user| UserRow {
        is_self: user.id == viewer,
        ..user
    }))
}

/// The user's display name, or `NotFound`.
pub async fn name_of(db: &Db, user_id: i64) -> Result<String, AppError> {
    quire_auth::on_db!(db, |exe| sqlx::query_scalar(
        "SELECT display_name FROM users WHERE id = $1"
    )
    .bind(user_id)
    .fetch_optional(exe)
    .await)?
    .ok_or(AppError::NotFound)
}

pub async fn id_by_email(db: &Db, email: &str) -> Result<Option<i64>, AppError> {
    Ok(quire_auth::on_db!(db, |exe| sqlx::query_scalar(
        "SELECT id FROM auth_accounts WHERE email = $1"
    )
    .bind(email.trim().to_lowercase())
    .fetch_optional(exe)
    .await)?)
}

/// Sets the role and returns the previous one. Takes effect on the user's next request, as
/// every request reads the role fresh.
pub async fn set_role(state: &AppState, user_id: i64, role: Role) -> Result<Role, AppError> {
    let previous: Role = quire_auth::on_db!(state.db, |exe| sqlx::query_scalar(
        "SELECT role FROM users WHERE id = $1"
    )
    .bind(user_id)
    .fetch_optional(exe)
    .await)?
    .ok_or(AppError::NotFound)?;
    quire_auth::on_db!(state.db, |exe| sqlx::query(
        "UPDATE users SET role = $1, updated_at = $2 WHERE id = $3"
    )
    .bind(role)
    .bind(state.clock.now().unix_timestamp())
    .bind(user_id)
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))?;
    Ok(previous)
}

/// Deactivates or reactivates. Deactivation also ends every session and token at once (the
/// session layer would end them on their next request anyway; this leaves nothing behind).
/// Returns the number of sessions ended.
pub async fn set_active(state: &AppState, user_id: i64, active: bool) -> Result<u64, AppError> {
    let now = state.clock.now().unix_timestamp();
    let updated = quire_auth::on_db!(state.db, |exe| sqlx::query(
        "UPDATE auth_accounts SET active = $1, updated_at = $2 WHERE id = $3"
    )
    .bind(active)
    .bind(now)
    .bind(user_id)
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))?;
    if updated == 0 {
        return Err(AppError::NotFound);
    }
    if active {
        return Ok(0);
    }
    Ok(revoke_all_credentials(&state.db, user_id, now)
        .await?
        .sessions_ended)
}

#[cfg(test)]
mod tests {
    #[test]
    fn search_wildcards_are_literal() {
        assert_eq!(super::like_pattern("a%b_c"), "%a\\%b\\_c%");
        assert_eq!(super::like_pattern("Ada"), "%ada%");
    }
}
