//! A user's live tokens, a page at a time, never their secrets.
use super::api::TokenView;
use crate::ui::{into_page, page_window};
use crate::{
    error::AppError,
    timestamp::Timestamp,
    ui::{Page, Paged},
};
use quire_auth::db::Db;

#[derive(sqlx::FromRow)]
struct ListRow {
    id: i64,
    name: String,
    kind: String,
    prefix: String,
    last4: String,
    scopes: String,
    created_at: Timestamp,
    expires_at: Timestamp,
    last_used_at: Option<Timestamp>,
}

/// One page of the user's live tokens, newest first.
pub async fn list_for_user(
    db: &Db,
    user_id: i64,
    now: i64,
    page: Page,
) -> Result<Paged<TokenView>, AppError> {
    let (limit, offset) = page_window(page);
    let rows: Vec<ListRow> = quire_auth::on_db!(db, |exe| sqlx::query_as(
        "SELECT id, name, kind, prefix, last4, scopes, created_at, expires_at, last_used_at \
         FROM api_tokens WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2 \
         ORDER BY created_at DESC, id DESC LIMIT $3 OFFSET $4",
    )
    .bind(user_id)
    .bind(now)
    .bind(limit)
    .bind(offset)
    .fetch_all(exe)
    .await)?;
    Ok(into_page(rows, page).map(|row| TokenView {
        id: row.id,
        name: row.name,
        kind: row.kind,
        prefix: row.prefix,
        last4: row.last4,
        scopes: row.scopes.split_whitespace().map(str::to_owned).collect(),
        created_at: row.created_at,
        expires_at: row.expires_at,
        last_used_at: row.last_used_at,
    }))
}
