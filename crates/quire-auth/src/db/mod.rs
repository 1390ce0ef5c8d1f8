//! The database: SQLite (the default, one file) or PostgreSQL (several instances), chosen by
//! `database.url` at start-up. Every query is written once in SQL both accept (`$n`
//! placeholders, integer unix timestamps, `TRUE`/`FALSE`) and runs through [`on_db!`](crate::on_db), which
//! hands it each backend's own connection type. That keeps SQLite on its native driver: no
//! `sqlx::Any` row conversion on the hot path, and none of Any's type gaps (it cannot read a
//! SQLite `BOOLEAN` column at all).
use sqlx::{PgConnection, PgPool, Postgres, Sqlite, SqliteConnection, SqlitePool, Transaction};
use std::sync::Arc;

mod changes;
mod connect;
mod readers;
pub use changes::{Changes, EVERYONE};
pub use connect::{connect, DbError, Migrations, Options};
pub use readers::Readers;

/// The pool of the backend in use, and the channel on which its credential changes arrive.
/// The pool stays inside `db/`: callers run SQL through [`on_db!`](crate::on_db) and
/// [`write()`], and ask [`Db::is_postgres`] where a method must differ by backend. Clones
/// share the pool.
///
/// ```
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// # let dir = tempfile::tempdir().unwrap();
/// # let url = format!("sqlite://{}/app.db", dir.path().display());
/// # let options = quire_auth::db::Options { url, ..Default::default() };
/// # let migrations = quire_auth::db::Migrations {
/// #     sqlite: sqlx::migrate!("tests/migrations/sqlite"),
/// #     postgres: sqlx::migrate!("tests/migrations/postgres"),
/// # };
/// # let db = quire_auth::db::connect(&options, migrations).await.unwrap();
/// // One query, written once, compiled for SQLite and for PostgreSQL:
/// let notes: i64 = quire_auth::on_db!(db, |c| sqlx::query_scalar("SELECT COUNT(*) FROM notes")
///     .fetch_one(c)
///     .await)?;
/// assert_eq!(notes, 0);
/// # Ok::<(), sqlx::Error>(())
/// # }).unwrap();
/// ```
#[derive(Clone, Debug)]
pub struct Db {
    pool: Pool,
    changes: Changes,
    /// SQLite only: see [`Db::lookup`].
    readers: Option<Arc<Readers>>,
}

#[derive(Clone, Debug)]
pub(crate) enum Pool {
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
    /// SQLite's: a pool or a connection.
    Sqlite(S),
    /// PostgreSQL's: a pool or a connection.
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

    /// The pool, as the executor of its backend: what [`on_db!`](crate::on_db) matches on.
    pub fn handle(&self) -> Handle<&SqlitePool, &PgPool> {
        match &self.pool {
            Pool::Sqlite(pool) => Handle::Sqlite(pool),
            Pool::Postgres(pool) => Handle::Postgres(pool),
        }
    }

    /// Whether this is PostgreSQL, for the few methods whose SQL differs by backend.
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
    /// The transaction's connection, as the executor of its backend (for [`on_db!`](crate::on_db)).
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

    /// Commits, then announces the credential changes made in it (SQLite). Dropped without a
    /// commit, the transaction rolls back and announces nothing.
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
///
/// ```
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// # let dir = tempfile::tempdir().unwrap();
/// # let url = format!("sqlite://{}/app.db", dir.path().display());
/// # let options = quire_auth::db::Options { url, ..Default::default() };
/// # let migrations = quire_auth::db::Migrations {
/// #     sqlite: sqlx::migrate!("tests/migrations/sqlite"),
/// #     postgres: sqlx::migrate!("tests/migrations/postgres"),
/// # };
/// # let db = quire_auth::db::connect(&options, migrations).await.unwrap();
/// let added = quire_auth::on_db!(db, |c| sqlx::query("INSERT INTO notes (body) VALUES ($1)")
///     .bind("hello")
///     .execute(c)
///     .await
///     .map(|done| done.rows_affected()))?;
/// assert_eq!(added, 1);
/// # Ok::<(), sqlx::Error>(())
/// # }).unwrap();
/// ```
#[macro_export]
macro_rules! on_db {
    ($target:expr, |$c:ident| $body:expr) => {
        match ($target).handle() {
            $crate::db::Handle::Sqlite($c) => $body,
            $crate::db::Handle::Postgres($c) => $body,
        }
    };
}

/// A write transaction. Every transaction here writes, and each must run as if alone:
/// revocations and the epoch-checked inserts of sessions and tokens (checklist S08) rely on it.
/// On SQLite, `BEGIN IMMEDIATE` takes the write lock at the start, so a transaction that reads
/// before it writes waits its turn (the busy timeout) instead of failing with `SQLITE_BUSY`
/// when another connection committed between its read and its write. On PostgreSQL a
/// transaction-scoped advisory lock gives the same order across every instance.
///
/// ```
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// # let dir = tempfile::tempdir().unwrap();
/// # let url = format!("sqlite://{}/app.db", dir.path().display());
/// # let options = quire_auth::db::Options { url, ..Default::default() };
/// # let migrations = quire_auth::db::Migrations {
/// #     sqlite: sqlx::migrate!("tests/migrations/sqlite"),
/// #     postgres: sqlx::migrate!("tests/migrations/postgres"),
/// # };
/// # let db = quire_auth::db::connect(&options, migrations).await.unwrap();
/// let mut tx = quire_auth::db::write(&db).await?;
/// quire_auth::on_db!(tx, |c| sqlx::query("INSERT INTO notes (body) VALUES ('kept')")
///     .execute(c)
///     .await
///     .map(|done| done.rows_affected()))?;
/// tx.credentials_changed(7).await?; // open tabs of user 7 look again, once this commits
/// tx.commit().await?;
/// # Ok::<(), sqlx::Error>(())
/// # }).unwrap();
/// ```
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

/// Whether `error` says the database cannot be used right now (no connection within the pool's
/// timeout, a broken connection, SQLite still locked after the busy timeout, PostgreSQL
/// restarting or out of connections), as opposed to a bug in a query. An app answers
/// such a request 503 with `Retry-After`.
pub fn is_unavailable(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => true,
        sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(db) => {
            if let Some(pg) = db.try_downcast_ref::<sqlx::postgres::PgDatabaseError>() {
                // SQLSTATE classes: 08 connection exception, 40 transaction rollback
                // (serialisation, deadlock), 53 insufficient resources, 57 operator
                // intervention (shutdown, statement timeout); and 55000, what a new
                // connection gets while the database does not accept any (maintenance).
                ["08", "40", "53", "57", "55000"]
                    .iter()
                    .any(|class| pg.code().starts_with(class))
            } else {
                // SQLITE_BUSY and SQLITE_LOCKED, with their extended codes in the low byte.
                db.code()
                    .and_then(|code| code.parse::<i32>().ok())
                    .is_some_and(|code| matches!(code & 0xff, 5 | 6))
            }
        }
        _ => false,
    }
}

/// Whether `error` is a unique constraint refusing a row (a name or address already taken).
pub fn is_unique_violation(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(db) if db.is_unique_violation())
}
