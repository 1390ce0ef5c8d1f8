//! Who mail about an account goes to: the one query for an account's address and name.
use quire_auth::db::{Db, Tx};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Recipient {
    pub email: String,
    pub display_name: String,
}

const RECIPIENT: &str = "SELECT a.email, u.display_name FROM auth_accounts a \
                         JOIN users u ON u.id = a.id WHERE a.id = $1";

/// The address and name of `user_id`.
pub async fn recipient(db: &Db, user_id: i64) -> Result<Recipient, sqlx::Error> {
    quire_auth::on_db!(db, |exe| sqlx::query_as(RECIPIENT)
        .bind(user_id)
        .fetch_one(exe)
        .await)
}

/// The same, read in the caller's transaction.
pub async fn recipient_in(tx: &mut Tx, user_id: i64) -> Result<Recipient, sqlx::Error> {
    quire_auth::on_db!(tx, |exe| sqlx::query_as(RECIPIENT)
        .bind(user_id)
        .fetch_one(exe)
        .await)
}
