//! `SessionStore` on sqlx. The cookie carries a 128-bit random id; the table keys rows by the
//! SHA-256 of that id, so a copy of the database cannot be turned into live cookies.
//!
//! `load` joins the user row, so one query per request yields both the session and the user's
//! current role and active flag (fresh authorisation, nothing cached between requests). The joined
//! user is placed in the record under `USER_KEY` and never written back.
use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::HashMap;
use time::OffsetDateTime;
use tower_sessions::{
    session::{Id, Record},
    session_store::{self, Error as StoreError},
    SessionStore,
};

use crate::{
    auth::api::Role,
    server::{clock::SharedClock, db::Db},
};

/// Who signed in and when; written by sign-in, mirrored into indexed columns on save.
pub const AUTH_KEY: &str = "auth";
/// The user row as read by this request's `load`. Never persisted.
pub const USER_KEY: &str = "user";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SessionAuth {
    pub user_id: i64,
    pub created_at: i64,
    pub absolute_expires_at: i64,
    /// When the expiry was last slid forward (the store is written at most once per interval).
    pub seen_at: i64,
    pub ip: String,
    pub user_agent: String,
    /// "Keep me signed in": longer idle and absolute limits.
    #[serde(default)]
    pub remember: bool,
    /// When the password was last entered in this session (sign-in or confirmation).
    #[serde(default)]
    pub sudo_at: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SessionUser {
    pub id: i64,
    pub display_name: String,
    pub role: Role,
    pub active: bool,
}

pub fn hash_session_id(id: &Id) -> String {
    crate::server::hashing::sha256_hex(id.to_string().as_bytes())
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

fn backend(error: sqlx::Error) -> StoreError {
    // The message stays on the server: tower-sessions logs it and answers 500.
    StoreError::Backend(error.to_string())
}

type LoadedRow = (
    String,
    i64,
    i64,
    Option<i64>,
    Option<String>,
    Option<String>,
    Option<bool>,
);

impl SqlxSessionStore {
    pub fn new(db: Db, clock: SharedClock) -> Self {
        Self { db, clock }
    }

    async fn write(&self, record: &Record, upsert: bool) -> Result<u64, StoreError> {
        let mut data = record.data.clone();
        data.remove(USER_KEY);
        let auth: Option<SessionAuth> = data
            .get(AUTH_KEY)
            .map(|v| serde_json::from_value(v.clone()))
            .transpose()
            .map_err(|e| StoreError::Encode(e.to_string()))?;
        let json = serde_json::to_string(&data).map_err(|e| StoreError::Encode(e.to_string()))?;
        let now = self.clock.now().unix_timestamp();
        let idle = record.expiry_date.unix_timestamp();
        let on_conflict = if upsert {
            "DO UPDATE SET user_id = excluded.user_id, last_seen_at = excluded.last_seen_at, \
             idle_expires_at = excluded.idle_expires_at, data = excluded.data"
        } else {
            "DO NOTHING"
        };
        let sql = format!(
            "INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, idle_expires_at, \
             absolute_expires_at, ip, user_agent, data) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
             ON CONFLICT (id_hash) {on_conflict}"
        );
        let result = sqlx::query(&sql)
            .bind(hash_session_id(&record.id))
            .bind(auth.as_ref().map(|a| a.user_id))
            .bind(auth.as_ref().map_or(now, |a| a.created_at))
            .bind(auth.as_ref().map_or(now, |a| a.seen_at))
            .bind(idle)
            .bind(auth.as_ref().map_or(idle, |a| a.absolute_expires_at))
            .bind(auth.as_ref().map_or("", |a| a.ip.as_str()))
            .bind(auth.as_ref().map_or("", |a| a.user_agent.as_str()))
            .bind(json)
            .execute(&self.db)
            .await
            .map_err(backend)?;
        Ok(result.rows_affected())
    }

    async fn delete_hash(&self, id_hash: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
            .bind(id_hash)
            .execute(&self.db)
            .await
            .map_err(backend)?;
        Ok(())
    }
}

#[async_trait]
impl SessionStore for SqlxSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        // A collision of 128 random bits is not expected; if one happens, draw again.
        while self.write(record, false).await? == 0 {
            record.id = Id::default();
        }
        Ok(())
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        self.write(record, true).await.map(|_| ())
    }

    async fn load(&self, session_id: &Id) -> session_store::Result<Option<Record>> {
        let id_hash = hash_session_id(session_id);
        let row: Option<LoadedRow> = sqlx::query_as(
            "SELECT s.data, s.idle_expires_at, s.absolute_expires_at, \
                    u.id, u.display_name, u.role, u.active \
             FROM sessions s LEFT JOIN users u ON u.id = s.user_id \
             WHERE s.id_hash = $1",
        )
        .bind(&id_hash)
        .fetch_optional(&self.db)
        .await
        .map_err(backend)?;
        let Some((data, idle, absolute, user_id, name, role, active)) = row else {
            return Ok(None);
        };
        if self.clock.now().unix_timestamp() >= idle.min(absolute) {
            self.delete_hash(&id_hash).await?;
            return Ok(None);
        }
        let mut data: HashMap<String, Value> =
            serde_json::from_str(&data).map_err(|e| StoreError::Decode(e.to_string()))?;
        if let (Some(id), Some(display_name), Some(role), Some(active)) =
            (user_id, name, role.and_then(|r| r.parse().ok()), active)
        {
            let user = SessionUser {
                id,
                display_name,
                role,
                active,
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
