//! The store's failures to reach the database, noted for the layer outside tower-sessions.
use std::future::Future;
use tower_sessions::session_store::Error as StoreError;

tokio::task_local! {
    /// Set when the store could not reach the database during this request.
    static UNREACHABLE: std::cell::Cell<bool>;
}

/// Runs `inner` (tower-sessions' layer and what it wraps) and says whether the store failed to
/// reach the database meanwhile. tower-sessions answers a failed save with a bare 500; with
/// this the session layer answers "try again" (503) instead, as every other request is while
/// the database is away.
pub(crate) async fn noting_unreachable<F: Future>(inner: F) -> (F::Output, bool) {
    UNREACHABLE
        .scope(std::cell::Cell::new(false), async {
            let output = inner.await;
            (output, UNREACHABLE.with(|flag| flag.get()))
        })
        .await
}

pub(super) fn backend(error: sqlx::Error) -> StoreError {
    let _ = UNREACHABLE.try_with(|flag| flag.set(true));
    // The message stays on the server: tower-sessions logs it, the app answers opaquely.
    StoreError::Backend(error.to_string())
}
