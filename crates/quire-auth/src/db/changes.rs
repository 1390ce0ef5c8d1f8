//! Credential changes as events: "user N's sessions or tokens changed". They are hints for the
//! open tabs' event streams to look at the database again, never authority: a missed event
//! (a reconnect, a restart) only delays a tab until its next request. On SQLite they travel on
//! an in-process channel; on PostgreSQL through `LISTEN`/`NOTIFY`, so every instance hears
//! every change, its own included.
use sqlx::{postgres::PgListener, PgPool, Postgres};
use tokio::sync::{broadcast, watch};

const CHANNEL: &str = "quire_credentials";

/// Sent when changes may have been missed (the listener reconnected): everyone looks again.
pub const EVERYONE: i64 = 0;

/// The channel on which "user N's credentials changed" arrives: from this process on SQLite,
/// from every instance on PostgreSQL. Clones share one channel.
///
/// ```
/// let changes = quire_auth::db::Changes::default();
/// let mut heard = changes.subscribe();
/// changes.publish(7);
/// assert_eq!(heard.try_recv().unwrap(), 7);
/// ```
#[derive(Clone, Debug)]
pub struct Changes(broadcast::Sender<i64>);

impl Default for Changes {
    fn default() -> Self {
        // A stream that falls this far behind is told it lagged and looks again anyway.
        Self(broadcast::channel(1024).0)
    }
}

impl Changes {
    /// A receiver of every change published from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<i64> {
        self.0.subscribe()
    }

    /// Tells every subscriber in this process that `user_id`'s credentials changed. (Changes
    /// made in a transaction go through [`Tx::credentials_changed`](super::Tx::credentials_changed),
    /// which reaches other instances too.)
    pub fn publish(&self, user_id: i64) {
        // No receiver (no open tab) is not an error.
        let _ = self.0.send(user_id);
    }
}

/// Announces a change to every instance listening, when `executor`'s transaction commits.
pub(super) async fn notify<'e>(
    executor: impl sqlx::Executor<'e, Database = Postgres>,
    user_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("SELECT pg_notify($1, $2)")
        .bind(CHANNEL)
        .bind(user_id.to_string())
        .execute(executor)
        .await
        .map(drop)
}

/// Forwards PostgreSQL's notifications to `changes` until `shutdown`; after a lost connection
/// it reconnects and tells everyone to look again.
pub async fn listen(pool: PgPool, changes: Changes, mut shutdown: watch::Receiver<bool>) {
    // A connection of its own, outside the app's pool: a held LISTEN connection must not take
    // one of the `max_connections` that requests wait for.
    let options = (*pool.connect_options()).clone();
    let own = sqlx::postgres::PgPoolOptions::new()
        .max_connections(1)
        .connect_lazy_with(options);
    let mut listener = loop {
        match PgListener::connect_with(&own).await {
            Ok(mut listener) => match listener.listen(CHANNEL).await {
                Ok(()) => break listener,
                Err(error) => tracing::warn!(%error, "cannot listen for credential changes"),
            },
            Err(error) => tracing::warn!(%error, "cannot listen for credential changes"),
        }
        tokio::select! {
            _ = tokio::time::sleep(std::time::Duration::from_secs(1)) => {}
            _ = shutdown.changed() => return,
        }
    };
    loop {
        tokio::select! {
            received = listener.try_recv() => match received {
                Ok(Some(notification)) => {
                    if let Ok(user_id) = notification.payload().parse() {
                        changes.publish(user_id);
                    }
                }
                // The connection was lost; the next call reconnects. Changes may have been
                // missed meanwhile.
                Ok(None) => changes.publish(EVERYONE),
                Err(error) => {
                    tracing::warn!(%error, "lost the credential change listener");
                    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                }
            },
            _ = shutdown.changed() => return,
        }
    }
}
