//! `SessionStore` on sqlx. The cookie carries a 128-bit random id; the table keys rows by the
//! SHA-256 of that id, so a copy of the database cannot be turned into live cookies.
//!
//! `load` joins the user row, so one query per request yields both the session and the user's
//! current role and active flag (fresh authorisation, nothing cached between requests). The joined
//! user is placed in the record under `USER_KEY` and never written back.
use async_trait::async_trait;
use serde_json::Value;
use std::collections::HashMap;
use time::OffsetDateTime;
use tower_sessions::{
    session::{Id, Record},
    session_store::{self, Error as StoreError},
    SessionStore,
};

use super::record::{encode, RowValues, USER_KEY};
use crate::identity::{Role, User};
use quire_auth::{clock::SharedClock, db::Db};

pub fn hash_session_id(id: &Id) -> String {
    quire_auth::secret::sha256_hex(id.to_string().as_bytes())
}

#[derive(Clone)]
pub struct SqlxSessionStore {
    db: Db,
    clock: SharedClock,
}

impl std::fmt::Debug for SqlxSessionStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SqlxSessionStore")
    }
}

tokio::task_local! {
    /// Set when the store could not reach the database during this request, so the layer
    /// outside tower-sessions can answer its failed save with 503 instead of a bare 500.
    pub static UNREACHABLE: std::cell::Cell<bool>;
}

fn backend(error: sqlx::Error) -> StoreError {
    let _ = UNREACHABLE.try_with(|flag| flag.set(true));
    // The message stays on the server: it is logged where the error is handled.
    StoreError::Backend(error.to_string())
}

/// The session row joined with its user, as `load` reads it.
#[derive(sqlx::FromRow)]
struct LoadedRow {
    data: String,
    idle_expires_at: i64,
    absolute_expires_at: i64,
    user_id: Option<i64>,
    display_name: Option<String>,
    role: Option<Role>,
    active: Option<bool>,
    auth_epoch: Option<i64>,
    email_verified: Option<bool>,
}

/// A new session row, for an active user whose epoch is unchanged (see `insert`).
macro_rules! insert_session {
    () => {
        "INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, idle_expires_at, \
         absolute_expires_at, ip, user_agent, data) \
         SELECT $1, id, $3, $4, $5, $6, $7, $8, $9 FROM users \
         WHERE id = $2 AND auth_epoch = $10 AND active"
    };
}

impl SqlxSessionStore {
    pub fn new(db: Db, clock: SharedClock) -> Self {
        Self { db, clock }
    }

    /// Inserts a new row, but only for an active user whose `auth_epoch` is still the one this
    /// request read: a revocation that ran since then bumped it, and the row is not created.
    /// On SQLite the statement is atomic against every other write. On PostgreSQL it locks the
    /// user row `FOR SHARE`, so a concurrent revocation (which updates that row first) either
    /// commits before it, and the epoch no longer matches, or waits for it and then deletes
    /// the new row with the others.
    async fn insert(&self, id: &Id, row: &RowValues) -> Result<u64, StoreError> {
        let epoch = row.user.as_ref().map(|u| u.auth_epoch);
        let epoch = epoch.ok_or_else(|| StoreError::Encode("session without user".into()))?;
        let sql = if self.db.is_postgres() {
            concat!(
                insert_session!(),
                " FOR SHARE ON CONFLICT (id_hash) DO NOTHING"
            )
        } else {
            concat!(insert_session!(), " ON CONFLICT (id_hash) DO NOTHING")
        };
        let result = quire_auth::on_db!(self.db, |exe| {
            sqlx::query(sql)
                .bind(hash_session_id(id))
                .bind(row.auth.user_id)
                .bind(row.auth.created_at)
                .bind(row.auth.seen_at)
                .bind(row.idle_expires_at)
                .bind(row.auth.absolute_expires_at)
                .bind(&row.auth.ip)
                .bind(&row.auth.user_agent)
                .bind(&row.json)
                .bind(epoch)
                .execute(exe)
                .await
                .map(|done| done.rows_affected())
        })
        .map_err(backend)?;
        Ok(result)
    }

    async fn exists(&self, id: &Id) -> Result<bool, StoreError> {
        quire_auth::on_db!(self.db, |exe| sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM sessions WHERE id_hash = $1)"
        )
        .bind(hash_session_id(id))
        .fetch_one(exe)
        .await)
        .map_err(backend)
    }

    async fn delete_hash(&self, id_hash: &str) -> Result<(), StoreError> {
        quire_auth::on_db!(self.db, |exe| sqlx::query(
            "DELETE FROM sessions WHERE id_hash = $1"
        )
        .bind(id_hash)
        .execute(exe)
        .await
        .map(|done| done.rows_affected()))
        .map_err(backend)?;
        Ok(())
    }
}

#[async_trait]
impl SessionStore for SqlxSessionStore {
    /// The only place a row is inserted: sign-in, and a new id after re-authentication.
    /// When the user's credentials were revoked while this request was in flight, nothing is
    /// stored: the browser receives a cookie for a session that does not exist, which is
    /// signed out on its next request.
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        let row = encode(record)?;
        // A collision of 128 random bits is not expected; if one happens, draw again.
        while self.insert(&record.id, &row).await? == 0 {
            if !self.exists(&record.id).await? {
                tracing::info!(
                    user_id = row.auth.user_id,
                    "session not created: the user's credentials were revoked meanwhile"
                );
                return Ok(());
            }
            record.id = Id::default();
        }
        Ok(())
    }

    /// Only ever updates. A request that loaded this session before it was revoked finds no
    /// row here and writes nothing: a revoked session cannot be brought back (checklist S08).
    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let row = encode(record)?;
        quire_auth::on_db!(self.db, |exe| sqlx::query(
            "UPDATE sessions SET last_seen_at = $2, idle_expires_at = $3, data = $4 \
             WHERE id_hash = $1",
        )
        .bind(hash_session_id(&record.id))
        .bind(row.auth.seen_at)
        .bind(row.idle_expires_at)
        .bind(&row.json)
        .execute(exe)
        .await
        .map(|done| done.rows_affected()))
        .map_err(backend)?;
        Ok(())
    }

    async fn load(&self, session_id: &Id) -> session_store::Result<Option<Record>> {
        let id_hash = hash_session_id(session_id);
        let row: Option<LoadedRow> = self
            .db
            .lookup(
                "SELECT s.data, s.idle_expires_at, s.absolute_expires_at, \
                        u.id AS user_id, u.display_name, u.role, u.active, u.auth_epoch, \
                        u.email_verified \
                 FROM sessions s LEFT JOIN users u ON u.id = s.user_id \
                 WHERE s.id_hash = $1",
                &id_hash,
            )
            .await
            .map_err(backend)?;
        let Some(row) = row else {
            return Ok(None);
        };
        let idle = row.idle_expires_at;
        if self.clock.now().unix_timestamp() >= idle.min(row.absolute_expires_at) {
            self.delete_hash(&id_hash).await?;
            return Ok(None);
        }
        let mut data: HashMap<String, Value> =
            serde_json::from_str(&row.data).map_err(|e| StoreError::Decode(e.to_string()))?;
        if let (Some(id), Some(display_name), Some(role), Some(active), Some(auth_epoch)) = (
            row.user_id,
            row.display_name,
            row.role,
            row.active,
            row.auth_epoch,
        ) {
            let user = User {
                id,
                display_name,
                role,
                active,
                auth_epoch,
                email_verified: row.email_verified.unwrap_or(false),
            };
            let user = serde_json::to_value(user).map_err(|e| StoreError::Decode(e.to_string()))?;
            data.insert(USER_KEY.to_owned(), user);
        }
        let expiry_date = OffsetDateTime::from_unix_timestamp(idle)
            .map_err(|e| StoreError::Decode(e.to_string()))?;
        Ok(Some(Record {
            id: *session_id,
            data,
            expiry_date,
        }))
    }

    async fn delete(&self, session_id: &Id) -> session_store::Result<()> {
        self.delete_hash(&hash_session_id(session_id)).await
    }
}
