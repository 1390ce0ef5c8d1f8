//! Who mail about an account goes to: the one query for an account's address and name.
use sqlx::SqliteExecutor;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Recipient {
    pub email: String,
    pub display_name: String,
}

/// The address and name of `user_id`, read through `executor` (the pool, or the connection of
/// the caller's transaction).
pub async fn recipient<'c>(
    executor: impl SqliteExecutor<'c>,
    user_id: i64,
) -> Result<Recipient, sqlx::Error> {
    sqlx::query_as("SELECT email, display_name FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_one(executor)
        .await
}
