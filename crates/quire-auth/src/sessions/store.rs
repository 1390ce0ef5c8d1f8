//! The store: rows keyed by the SHA-256 of the session id, read with the app's principal.
use async_trait::async_trait;
use serde_json::Value;
use std::{collections::HashMap, marker::PhantomData, sync::Arc};
use time::OffsetDateTime;
use tower_sessions::{
    session::{Id, Record},
    session_store::{self, Error as StoreError},
};

use super::{
    record::{encode, RowValues, PRINCIPAL_KEY},
    unreachable::backend,
    Principal,
};
use crate::{clock::SharedClock, db::Db};

/// The SHA-256 of a session id, as the table keys it: the id itself is never stored, so a copy
/// of the table cannot be turned into live cookies.
///
/// ```
/// let id = tower_sessions::session::Id::default();
/// assert_eq!(quire_auth::sessions::hash_id(&id).len(), 64);
/// ```
pub fn hash_id(id: &Id) -> String {
    crate::secret::sha256_hex(id.to_string().as_bytes())
}

/// A tower-sessions store on the crate's `auth_sessions` table, for the app's principal `P`.
/// See the [module documentation](super) for how to add it.
pub struct SessionStore<P> {
    db: Db,
    clock: SharedClock,
    sql: Arc<Sql>,
    principal: PhantomData<fn() -> P>,
}

/// The statements, written once from the principal's fragments.
struct Sql {
    insert: String,
    load: String,
}

impl<P> Clone for SessionStore<P> {
    fn clone(&self) -> Self {
        Self {
            db: self.db.clone(),
            clock: self.clock.clone(),
            sql: self.sql.clone(),
            principal: PhantomData,
        }
    }
}

impl<P> std::fmt::Debug for SessionStore<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SessionStore")
    }
}

/// The session's columns with the principal's, as `load` reads them.
#[derive(sqlx::FromRow)]
struct Loaded<P> {
    #[sqlx(rename = "auth_session_data")]
    data: String,
    #[sqlx(rename = "auth_session_idle")]
    idle_expires_at: i64,
    #[sqlx(rename = "auth_session_absolute")]
    absolute_expires_at: i64,
    #[sqlx(rename = "auth_account_active")]
    active: bool,
    #[sqlx(flatten)]
    principal: P,
}

impl<P: Principal> SessionStore<P> {
    /// A store on `db`, whose expiries are read off `clock`.
    pub fn new(db: Db, clock: SharedClock) -> Self {
        // A new row only for an active account whose epoch is the one this request read. On
        // SQLite the statement is atomic against every other write. On PostgreSQL it locks the
        // account row `FOR SHARE`, so a concurrent revocation (which updates that row first)
        // either commits before it, and the epoch no longer matches, or waits for it and then
        // deletes the new row with the others.
        let lock = if db.is_postgres() {
            " FOR SHARE OF a"
        } else {
            ""
        };
        let insert = format!(
            "INSERT INTO auth_sessions (id_hash, account_id, created_at, last_seen_at, \
             idle_expires_at, absolute_expires_at, ip, user_agent, data) \
             SELECT $1, a.id, $3, $4, $5, $6, $7, $8, $9 FROM {accounts} \
             WHERE a.id = $2 AND a.auth_epoch = $10 AND a.active{lock} \
             ON CONFLICT (id_hash) DO NOTHING",
            accounts = P::ACCOUNTS,
        );
        // The accounts come first so that their joins read as written; both planners start
        // from the session's primary key all the same.
        let load = format!(
            "SELECT s.data AS auth_session_data, s.idle_expires_at AS auth_session_idle, \
             s.absolute_expires_at AS auth_session_absolute, a.active AS auth_account_active, \
             {columns} \
             FROM {accounts} JOIN auth_sessions s ON s.account_id = a.id \
             WHERE s.id_hash = $1",
            columns = P::COLUMNS,
            accounts = P::ACCOUNTS,
        );
        Self {
            db,
            clock,
            sql: Arc::new(Sql { insert, load }),
            principal: PhantomData,
        }
    }

    async fn insert(&self, id: &Id, row: &RowValues) -> Result<u64, StoreError> {
        let epoch = row
            .epoch
            .ok_or_else(|| StoreError::Encode("session without principal".into()))?;
        let sql = self.sql.insert.as_str();
        crate::on_db!(self.db, |exe| sqlx::query(sql)
            .bind(hash_id(id))
            .bind(row.auth.account_id)
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
            .map(|done| done.rows_affected()))
        .map_err(backend)
    }

    async fn exists(&self, id: &Id) -> Result<bool, StoreError> {
        crate::on_db!(self.db, |exe| sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM auth_sessions WHERE id_hash = $1)"
        )
        .bind(hash_id(id))
        .fetch_one(exe)
        .await)
        .map_err(backend)
    }

    async fn delete_hash(&self, id_hash: &str) -> Result<(), StoreError> {
        crate::on_db!(self.db, |exe| sqlx::query(
            "DELETE FROM auth_sessions WHERE id_hash = $1"
        )
        .bind(id_hash)
        .execute(exe)
        .await
        .map(|done| done.rows_affected()))
        .map_err(backend)?;
        Ok(())
    }

    fn encode(record: &Record) -> Result<RowValues, StoreError> {
        encode(record, |principal| {
            serde_json::from_value::<P>(principal)
                .map(|p| p.auth_epoch())
                .map_err(|e| StoreError::Encode(e.to_string()))
        })
    }
}

#[async_trait]
impl<P: Principal> session_store::SessionStore for SessionStore<P> {
    /// The only place a row is inserted: sign-in, and a new id after re-authentication.
    /// When the account's credentials were revoked while this request was in flight, nothing
    /// is stored: the browser receives a cookie for a session that does not exist, which is
    /// signed out on its next request.
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        let row = Self::encode(record)?;
        // A collision of 128 random bits is not expected; if one happens, draw again.
        while self.insert(&record.id, &row).await? == 0 {
            if !self.exists(&record.id).await? {
                tracing::info!(
                    account_id = row.auth.account_id,
                    "session not created: the account's credentials were revoked meanwhile"
                );
                return Ok(());
            }
            record.id = Id::default();
        }
        Ok(())
    }

    /// Only ever updates. A request that loaded this session before it was revoked finds no
    /// row here and writes nothing: a revoked session cannot be brought back.
    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let row = Self::encode(record)?;
        crate::on_db!(self.db, |exe| sqlx::query(
            "UPDATE auth_sessions SET last_seen_at = $2, idle_expires_at = $3, data = $4 \
             WHERE id_hash = $1",
        )
        .bind(hash_id(&record.id))
        .bind(row.auth.seen_at)
        .bind(row.idle_expires_at)
        .bind(&row.json)
        .execute(exe)
        .await
        .map(|done| done.rows_affected()))
        .map_err(backend)?;
        Ok(())
    }

    /// One query: the session joined with its account. An expired row is deleted and not
    /// returned.
    async fn load(&self, session_id: &Id) -> session_store::Result<Option<Record>> {
        let id_hash = hash_id(session_id);
        let row: Option<Loaded<P>> = self
            .db
            .lookup(&self.sql.load, &id_hash)
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
        let decode = |e: serde_json::Error| StoreError::Decode(e.to_string());
        let mut data: HashMap<String, Value> = serde_json::from_str(&row.data).map_err(decode)?;
        // A deactivated account's session loads without its principal: signed out, and
        // `Sessions::resolve` ends it.
        if row.active {
            let principal = serde_json::to_value(row.principal).map_err(decode)?;
            data.insert(PRINCIPAL_KEY.to_owned(), principal);
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
        self.delete_hash(&hash_id(session_id)).await
    }
}
