//! A test seam, like the injectable clock: a request can be held at a fixed point so a test can
//! run something else (a revocation) while it is in flight, without sleeping. Production uses
//! [`Gate::open`], which never waits; a gate that holds can only be made with the
//! `test-support` feature, which only the tests build with.
use axum::http::HeaderMap;
use std::{future::Future, pin::Pin, sync::Arc};

type Hold = dyn Fn(&HeaderMap) -> Pin<Box<dyn Future<Output = ()> + Send>> + Send + Sync;

/// Called once per request after it is authenticated (session loaded or bearer token checked)
/// and before its handler runs.
#[derive(Clone, Default)]
pub struct Gate(Option<Arc<Hold>>);

impl Gate {
    pub fn open() -> Self {
        Self(None)
    }

    #[cfg(feature = "test-support")]
    pub fn new(
        hold: impl Fn(&HeaderMap) -> Pin<Box<dyn Future<Output = ()> + Send>> + Send + Sync + 'static,
    ) -> Self {
        Self(Some(Arc::new(hold)))
    }

    pub async fn pass(&self, headers: &HeaderMap) {
        if let Some(hold) = &self.0 {
            hold(headers).await;
        }
    }
}

/// The gate as a middleware, inside the session layer: the request is authenticated, its
/// handler has not run.
pub async fn hold(
    axum::extract::State(state): axum::extract::State<super::state::AppState>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    state.gate.pass(request.headers()).await;
    next.run(request).await
}
