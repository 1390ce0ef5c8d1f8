//! A user's live tokens, a page at a time, never their secrets.
use super::api::TokenView;
use crate::ui::{into_page, page_window};
use crate::{
    error::AppError,
    timestamp::Timestamp,
    ui::{Page, Paged},
};
use quire_auth::db::Db;

/// One page of the user's live tokens, newest first.
pub async fn list_for_user(
    db: &Db,
    user_id: i64,
    now: i64,
    page: Page,
) -> Result<Paged<TokenView>, AppError> {
    let (limit, offset) = page_window(page);
    let rows = quire_auth::tokens::list(db, user_id, now, limit, offset).await?;
    Ok(into_page(rows, page).map(|row| TokenView {
        id: row.id,
        name: row.name,
        kind: row.kind,
        prefix: row.prefix,
        last4: row.last4,
        scopes: row.scopes.split_whitespace().map(str::to_owned).collect(),
        created_at: Timestamp(row.created_at),
        expires_at: Timestamp(row.expires_at),
        last_used_at: row.last_used_at.map(Timestamp),
    }))
}
