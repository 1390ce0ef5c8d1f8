//! What an open tab asks on its own: its session's idle clock, and the stream that tells it
//! when its session ended (quire-auth's, routed by the app).
use axum::{
    http::{request::Parts, StatusCode},
    response::{IntoResponse, Response},
    routing::MethodRouter,
};
use tower_sessions::Session;

use super::{request::Backend, AuthServer};
use crate::{AuthError, IdleClock};

impl Backend {
    /// The session's idle clock; with `slide`, after counting this request as activity.
    pub(crate) async fn idle_clock(&self, slide: bool) -> Result<Option<IdleClock>, AuthError> {
        let sessions = &self.server().sessions;
        let clock = sessions.idle_clock(&self.session()?, slide).await?;
        Ok(clock.map(|clock| IdleClock {
            now: clock.now,
            idle_expires_at: clock.idle_expires_at,
        }))
    }
}

impl AuthServer {
    /// The signed-out event stream, for the app's router at [`EVENTS_PATH`]: a signed-in tab
    /// ([`SignedOutWatch`]) hears one `signed_out` event when its session ends, whatever ended
    /// it (a sign-out in another tab, a revocation on another device or instance, expiry), and
    /// the stream closes. It carries no data, answers 401 without a session, and holds at most
    /// 16 streams per session (429 beyond). Route it inside the session layer, and make its
    /// path quiet ([`QUIET_PATHS`]) so that an open tab is not activity.
    ///
    /// ```no_run
    /// # fn app(auth: quire_auth_leptos::AuthServer) -> axum::Router {
    /// use quire_auth_leptos::EVENTS_PATH;
    ///
    /// axum::Router::new().route(EVENTS_PATH, auth.event_stream())
    /// // .leptos_routes_with_context(…), then the session layer, as for the pages.
    /// # }
    /// ```
    ///
    /// [`EVENTS_PATH`]: crate::EVENTS_PATH
    /// [`QUIET_PATHS`]: crate::QUIET_PATHS
    /// [`SignedOutWatch`]: crate::SignedOutWatch
    pub fn event_stream<S>(&self) -> MethodRouter<S>
    where
        S: Clone + Send + Sync + 'static,
    {
        let server = self.clone();
        axum::routing::get(move |parts: Parts| async move { server.signed_out_events(&parts) })
    }

    /// Ends every open event stream (the tabs reconnect to whichever server answers next).
    /// Call it when a graceful shutdown starts: otherwise the server waits for tabs that never
    /// close.
    ///
    /// ```no_run
    /// # async fn serve(auth: quire_auth_leptos::AuthServer, app: axum::Router) {
    /// let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await.unwrap();
    /// axum::serve(listener, app)
    ///     .with_graceful_shutdown(async move {
    ///         let _ = tokio::signal::ctrl_c().await;
    ///         auth.close_event_streams();
    ///     })
    ///     .await
    ///     .unwrap();
    /// # }
    /// ```
    pub fn close_event_streams(&self) {
        self.stop.send_replace(true);
    }

    fn signed_out_events(&self, parts: &Parts) -> Response {
        let Some(session) = parts.extensions.get::<Session>() else {
            tracing::error!("the session layer is not installed on the event stream's route");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        };
        let Some(account_id) = self.principals.account_id(parts) else {
            return StatusCode::UNAUTHORIZED.into_response();
        };
        let stopping = self.stop.subscribe();
        self.sessions
            .signed_out_events(session, account_id, stopping)
    }
}
