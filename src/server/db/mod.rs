//! The database: SQLite (the default, one file) or PostgreSQL (several instances), chosen by
//! `database.url` at start-up. Every query is written once in SQL both accept (`$n`
//! placeholders, integer unix timestamps, `TRUE`/`FALSE`) and runs through [`on_db!`](crate::on_db), which
//! hands it each backend's own connection type. That keeps SQLite on its native driver: no
//! `sqlx::Any` row conversion on the hot path, and none of Any's type gaps (it cannot read a
//! SQLite `BOOLEAN` column at all).
use sqlx::{PgConnection, PgPool, Postgres, Sqlite, SqliteConnection, SqlitePool, Transaction};
use std::sync::Arc;

use crate::ui::{Page, Paged, PER_PAGE};

mod changes;
mod connect;
mod readers;
pub use changes::{Changes, EVERYONE};
pub use connect::{connect, DbError};
pub use readers::Readers;

/// The pool of the backend in use, and the channel on which its credential changes arrive.
/// The pool stays inside `db/`: callers run SQL through [`on_db!`](crate::on_db) and
/// [`write()`], and ask [`Db::is_postgres`] where a method must differ by backend.
#[derive(Clone, Debug)]
pub struct Db {
    pool: Pool,
    changes: Changes,
    /// SQLite only: see [`Db::lookup`].
    readers: Option<Arc<Readers>>,
}

#[derive(Clone, Debug)]
pub enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// A write transaction on either backend; see [`write()`].
pub struct Tx {
    inner: TxInner,
    /// Users whose credentials this transaction changed, announced once it commits (SQLite;
    /// PostgreSQL delivers its `pg_notify` at commit by itself).
    changed: Vec<i64>,
    changes: Changes,
}

enum TxInner {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

/// One backend's executor, for [`on_db!`](crate::on_db).
pub enum Handle<S, P> {
    Sqlite(S),
    Postgres(P),
}

impl Db {
    pub(super) fn new(pool: Pool, readers: Option<Readers>) -> Self {
        let readers = readers.map(Arc::new);
        Self {
            pool,
            changes: Changes::default(),
            readers,
        }
    }

    pub fn handle(&self) -> Handle<&SqlitePool, &PgPool> {
        match &self.pool {
            Pool::Sqlite(pool) => Handle::Sqlite(pool),
            Pool::Postgres(pool) => Handle::Postgres(pool),
        }
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self.pool, Pool::Postgres(_))
    }

    /// Users whose sessions or tokens ended, on this instance or (PostgreSQL) any other.
    pub fn changes(&self) -> &Changes {
        &self.changes
    }

    /// As [`Tx::credentials_changed`], for a change made outside a transaction.
    pub async fn credentials_changed(&self, user_id: i64) -> Result<(), sqlx::Error> {
        match &self.pool {
            Pool::Sqlite(_) => self.changes.publish(user_id),
            Pool::Postgres(pool) => changes::notify(pool, user_id).await?,
        }
        Ok(())
    }

    /// Relays other instances' changes to [`Self::changes`] until `shutdown` (PostgreSQL; on
    /// SQLite every change is made in this process and there is nothing to relay).
    pub async fn relay_changes(self, shutdown: tokio::sync::watch::Receiver<bool>) {
        if let Pool::Postgres(pool) = self.pool {
            changes::listen(pool, self.changes, shutdown).await;
        }
    }
}

impl Tx {
    pub fn handle(&mut self) -> Handle<&mut SqliteConnection, &mut PgConnection> {
        match &mut self.inner {
            TxInner::Sqlite(tx) => Handle::Sqlite(&mut **tx),
            TxInner::Postgres(tx) => Handle::Postgres(&mut **tx),
        }
    }

    /// Announces, once this transaction commits, that `user_id`'s sessions or tokens changed:
    /// open tabs of that user look again whether theirs still stands. On PostgreSQL the
    /// announcement is a `pg_notify` in the transaction, so every instance hears it at commit
    /// and none hears of a change that was rolled back.
    pub async fn credentials_changed(&mut self, user_id: i64) -> Result<(), sqlx::Error> {
        match &mut self.inner {
            TxInner::Sqlite(_) => self.changed.push(user_id),
            TxInner::Postgres(tx) => changes::notify(&mut **tx, user_id).await?,
        }
        Ok(())
    }

    pub async fn commit(self) -> Result<(), sqlx::Error> {
        match self.inner {
            TxInner::Sqlite(tx) => tx.commit().await?,
            TxInner::Postgres(tx) => tx.commit().await?,
        }
        for user_id in self.changed {
            self.changes.publish(user_id);
        }
        Ok(())
    }
}

/// Runs `$body` with `$c` bound to the backend's executor (a pool for a [`Db`], a connection
/// for a [`Tx`]). The body is written once and compiled for each backend:
/// `on_db!(db, |c| sqlx::query("…").bind(x).fetch_one(c).await)`. It is not a closure (the
/// body may `.await`); the closure-like form is what lets rustfmt format it. `execute` answers
/// differ by backend, so bodies that execute end in `.map(|done| done.rows_affected())`.
#[macro_export]
macro_rules! on_db {
    ($target:expr, |$c:ident| $body:expr) => {
        match ($target).handle() {
            $crate::server::db::Handle::Sqlite($c) => $body,
            $crate::server::db::Handle::Postgres($c) => $body,
        }
    };
}

/// A write transaction. Every transaction in Quire writes, and each must run as if alone:
/// revocations and the epoch-checked inserts of sessions and tokens (checklist S08) rely on it.
/// On SQLite, `BEGIN IMMEDIATE` takes the write lock at the start, so a transaction that reads
/// before it writes waits its turn (the busy timeout) instead of failing with `SQLITE_BUSY`
/// when another connection committed between its read and its write. On PostgreSQL a
/// transaction-scoped advisory lock gives the same order across every instance.
pub async fn write(db: &Db) -> Result<Tx, sqlx::Error> {
    let inner = match &db.pool {
        Pool::Sqlite(pool) => TxInner::Sqlite(pool.begin_with("BEGIN IMMEDIATE").await?),
        Pool::Postgres(pool) => {
            let mut tx = pool.begin().await?;
            sqlx::query("SELECT pg_advisory_xact_lock($1)")
                .bind(WRITE_LOCK)
                .execute(&mut *tx)
                .await?;
            TxInner::Postgres(tx)
        }
    };
    Ok(Tx {
        inner,
        changed: Vec::new(),
        changes: db.changes.clone(),
    })
}

/// The advisory lock key that orders write transactions on PostgreSQL ("quire-wr").
const WRITE_LOCK: i64 = 0x7175_6972_652d_7772;

/// LIMIT and OFFSET for `page`. The limit asks for one row more than a page, which tells
/// [`into_page`] whether another page follows.
pub fn page_window(page: Page) -> (i64, i64) {
    let offset = i64::from(page.number() - 1) * i64::from(PER_PAGE);
    (i64::from(PER_PAGE) + 1, offset)
}

/// Page `page` from the rows fetched with [`page_window`]: at most a page of them, and whether
/// another page follows. Every paged query answers with this; `Paged::map` shapes the rows.
pub fn into_page<T>(mut rows: Vec<T>, page: Page) -> Paged<T> {
    let has_more = rows.len() > PER_PAGE as usize;
    rows.truncate(PER_PAGE as usize);
    Paged {
        items: rows,
        page,
        has_more,
    }
}

pub fn is_unique_violation(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(db) if db.is_unique_violation())
}

#[cfg(test)]
mod tests;
