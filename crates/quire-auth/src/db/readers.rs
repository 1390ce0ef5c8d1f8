//! The read every request makes to authenticate (its session, or its bearer token), kept to one
//! trip to SQLite.
//!
//! sqlx runs each SQLite connection on its own thread, so every trip to it is a hand-off between
//! threads. A query through the pool makes three: the query, and a ping each when the
//! connection is taken and given back. On two cores the hand-offs, not the indexed lookup, were
//! most of what a signed-in request cost (bench/README.md, #14). A reader is a connection taken
//! out of the pool once and then used under a lock: one trip per lookup. Nothing is cached:
//! every lookup still reads the row, so a revocation or a role change is seen at once (L08, D02).
use sqlx::{postgres::PgRow, sqlite::SqliteRow, FromRow, SqliteConnection, SqlitePool};
use std::{
    sync::{
        atomic::{AtomicUsize, Ordering},
        Arc,
    },
    time::Duration,
};
use tokio::sync::Mutex;

use super::Db;

type Slot = Arc<Mutex<Option<SqliteConnection>>>;

/// SQLite connections set apart from the pool for the per-request lookup.
#[derive(Debug)]
pub struct Readers {
    slots: Box<[Slot]>,
    next: AtomicUsize,
    pool: SqlitePool,
    wait: Duration,
}

impl Readers {
    /// As many readers as the pool has connections, opened now (measured on two cores: two
    /// readers gained little over the pool, four or eight about 40%). A lookup waits for a
    /// reader as long as the pool lets a query wait for a connection
    /// (`database.acquire_timeout_seconds`).
    pub(super) async fn open(pool: SqlitePool) -> Result<Self, sqlx::Error> {
        let count = pool.options().get_max_connections().max(1);
        let mut slots = Vec::new();
        for _ in 0..count {
            let conn = pool.acquire().await?.detach();
            slots.push(Arc::new(Mutex::new(Some(conn))));
        }
        Ok(Self {
            slots: slots.into(),
            next: AtomicUsize::new(0),
            wait: pool.options().get_acquire_timeout(),
            pool,
        })
    }

    async fn lookup<T>(&self, sql: &str, key: &str) -> Result<Option<T>, sqlx::Error>
    where
        T: for<'r> FromRow<'r, SqliteRow> + Send + Unpin,
    {
        // In turn, waiting when the one in line is busy: measured faster than looking for a
        // free one first.
        let slot = &self.slots[self.next.fetch_add(1, Ordering::Relaxed) % self.slots.len()];
        let mut reader = tokio::time::timeout(self.wait, slot.lock())
            .await
            .map_err(|_| sqlx::Error::PoolTimedOut)?;
        let conn = match reader.take() {
            Some(conn) => conn,
            // Given up after an error (below): a new one from the pool.
            None => self.pool.acquire().await?.detach(),
        };
        let conn = reader.insert(conn);
        let result = sqlx::query_as(sql).bind(key).fetch_optional(conn).await;
        if let Err(sqlx::Error::Io(_) | sqlx::Error::WorkerCrashed) = &result {
            // The pool would have dropped such a connection; the next lookup takes a new one.
            *reader = None;
        }
        result
    }

    /// Every reader, held until the guards are dropped: a test's way to make the database
    /// unreachable for lookups too, as holding the pool's connections does for the rest.
    #[cfg(feature = "test-support")]
    pub async fn hold_all(&self) -> Vec<tokio::sync::OwnedMutexGuard<Option<SqliteConnection>>> {
        let mut held = Vec::with_capacity(self.slots.len());
        for slot in self.slots.iter() {
            held.push(slot.clone().lock_owned().await);
        }
        held
    }
}

impl Db {
    /// The row `sql` selects by `key` (`$1`, a hash): on SQLite through a reader, on PostgreSQL
    /// (whose connections are sockets, not threads) through the pool.
    pub async fn lookup<T>(&self, sql: &str, key: &str) -> Result<Option<T>, sqlx::Error>
    where
        T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin,
    {
        if let Some(readers) = &self.readers {
            return readers.lookup(sql, key).await;
        }
        crate::on_db!(self, |exe| sqlx::query_as(sql)
            .bind(key)
            .fetch_optional(exe)
            .await)
    }

    /// The SQLite readers, for tests that make the database unreachable.
    pub fn readers(&self) -> Option<&Readers> {
        self.readers.as_deref()
    }
}
