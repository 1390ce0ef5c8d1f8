//! The one layer an app adds to its router: tower-sessions on the crate's store, and the
//! signed-in principal resolved into every request.
use axum::{
    body::Body,
    extract::{Request, State},
    http::{header, HeaderValue, StatusCode},
    middleware::{self, Next},
    response::Response,
    routing::Route,
};
use std::{convert::Infallible, marker::PhantomData, sync::Arc};
use tower::{Layer, Service, ServiceBuilder};
use tower_sessions::{cookie::SameSite, Session, SessionManagerLayer};

use super::{noting_unreachable, Current, Principal, SessionStore, Sessions};

/// Builds the session layer for principal `P`: from [`Sessions::layer`], finished by
/// [`build`](Self::build).
///
/// What the built layer does, outermost first:
/// - a *quiet* request (one an open tab makes on its own, such as polling the session's
///   clock) is not activity, so it never slides the idle expiry, and its answer never changes
///   the browser's cookies;
/// - a session that cannot be saved because the database is away is answered by
///   [`on_unavailable`](Self::on_unavailable) (503) rather than tower-sessions' bare 500;
/// - tower-sessions with [`SessionStore<P>`]: an `HttpOnly`, `SameSite=Lax`, `Path=/` cookie
///   without `Domain`;
/// - [`Sessions::resolve`] puts [`Current<P>`] in the request's extensions, and a signed-in
///   answer gets `Cache-Control: no-store`.
///
/// ```no_run
/// # fn app<P: quire_auth::sessions::Principal + Clone>(sessions: quire_auth::sessions::Sessions) {
/// let router: axum::Router = axum::Router::new()
///     // .route(…)
///     .layer(sessions.layer::<P>().cookie_name("__Host-session").secure(true).build());
/// # }
/// ```
pub struct SessionLayerBuilder<P> {
    sessions: Sessions,
    name: String,
    secure: bool,
    quiet: Vec<String>,
    unavailable: fn(&str) -> Response,
    principal: PhantomData<fn() -> P>,
}

impl Sessions {
    /// The layer that reads this request's session and principal `P`; see
    /// [`SessionLayerBuilder`].
    pub fn layer<P: Principal + Clone>(&self) -> SessionLayerBuilder<P> {
        SessionLayerBuilder {
            sessions: self.clone(),
            name: "session".into(),
            secure: true,
            quiet: Vec::new(),
            unavailable,
            principal: PhantomData,
        }
    }
}

/// What the resolving middleware needs.
struct Resolve {
    sessions: Sessions,
    quiet: Arc<[String]>,
    unavailable: fn(&str) -> Response,
}

impl Clone for Resolve {
    fn clone(&self) -> Self {
        Self {
            sessions: self.sessions.clone(),
            quiet: self.quiet.clone(),
            unavailable: self.unavailable,
        }
    }
}

impl<P: Principal + Clone> SessionLayerBuilder<P> {
    /// The cookie's name (`session` unless set). With [`secure`](Self::secure), a name that
    /// starts with `__Host-` makes the browser insist on `Secure`, `Path=/` and no `Domain`.
    pub fn cookie_name(mut self, name: impl Into<String>) -> Self {
        self.name = name.into();
        self
    }

    /// Whether the cookie is sent only over HTTPS (`true` unless set; `false` for
    /// `http://localhost` in development).
    pub fn secure(mut self, secure: bool) -> Self {
        self.secure = secure;
        self
    }

    /// Paths an open tab requests on its own (a session clock, an event stream): they are not
    /// activity and never change the browser's cookies. Without the second rule, such a
    /// request sent with an id that was just replaced (a password change in another request of
    /// the same tab) would be answered with the removal of the unknown cookie and, arriving
    /// last, sign the tab out.
    pub fn quiet_paths<I: IntoIterator<Item = S>, S: Into<String>>(mut self, paths: I) -> Self {
        self.quiet = paths.into_iter().map(Into::into).collect();
        self
    }

    /// The answer, given the request's path, when the database cannot be reached (a plain
    /// 503 with `Retry-After: 5` unless set). The session is left as it is: answering "signed
    /// out" would send the user to sign in again for nothing.
    pub fn on_unavailable(mut self, answer: fn(&str) -> Response) -> Self {
        self.unavailable = answer;
        self
    }

    /// The layer, for [`axum::Router::layer`].
    pub fn build(
        self,
    ) -> impl Layer<
        Route,
        Service = impl Service<
            Request,
            Response = Response,
            Error = Infallible,
            Future = impl Send + 'static,
        > + Clone
                      + Send
                      + Sync
                      + 'static,
    > + Clone
           + Send
           + Sync
           + 'static {
        let store = SessionStore::<P>::new(self.sessions.db.clone(), self.sessions.clock.clone());
        let cookies = SessionManagerLayer::new(store)
            .with_name(self.name)
            .with_http_only(true)
            .with_same_site(SameSite::Lax)
            .with_secure(self.secure)
            .with_path("/");
        let quiet: Arc<[String]> = self.quiet.into();
        let resolve = Resolve {
            sessions: self.sessions,
            quiet: quiet.clone(),
            unavailable: self.unavailable,
        };
        ServiceBuilder::new()
            .layer(middleware::from_fn_with_state(quiet, keep_cookies))
            .layer(middleware::from_fn_with_state(
                self.unavailable,
                unsaved_is_unavailable,
            ))
            .layer(cookies)
            .layer(middleware::from_fn_with_state(
                resolve,
                resolve_principal::<P>,
            ))
    }
}

fn is_quiet(quiet: &[String], request: &Request) -> bool {
    quiet.iter().any(|path| path == request.uri().path())
}

async fn keep_cookies(
    State(quiet): State<Arc<[String]>>,
    request: Request,
    next: Next,
) -> Response {
    let quiet = is_quiet(&quiet, &request);
    let mut response = next.run(request).await;
    if quiet {
        response.headers_mut().remove(header::SET_COOKIE);
    }
    response
}

async fn unsaved_is_unavailable(
    State(unavailable): State<fn(&str) -> Response>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_owned();
    let (response, unreachable) = noting_unreachable(next.run(request)).await;
    if unreachable && response.status() == StatusCode::INTERNAL_SERVER_ERROR {
        return unavailable(&path);
    }
    response
}

async fn resolve_principal<P: Principal + Clone>(
    State(resolve): State<Resolve>,
    session: Session,
    mut request: Request,
    next: Next,
) -> Response {
    let activity = !is_quiet(&resolve.quiet, &request);
    let principal = match resolve.sessions.resolve::<P>(&session, activity).await {
        Ok(principal) => principal,
        Err(error) if error.is_unavailable() => {
            tracing::warn!(?error, "session lookup: database unavailable");
            return (resolve.unavailable)(request.uri().path());
        }
        // A record that cannot be read: signed out.
        Err(error) => {
            tracing::error!(?error, "session lookup failed; treated as signed out");
            None
        }
    };
    let signed_in = principal.is_some();
    request.extensions_mut().insert(Current(principal));
    let mut response = next.run(request).await;
    if signed_in {
        // Personal pages must not be kept by shared caches or the back-forward cache.
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// The default answer while the database is away.
fn unavailable(_path: &str) -> Response {
    Response::builder()
        .status(StatusCode::SERVICE_UNAVAILABLE)
        .header(header::RETRY_AFTER, "5")
        .header(header::CACHE_CONTROL, "no-store")
        .body(Body::from("Try again in a few seconds."))
        .unwrap_or_default()
}
