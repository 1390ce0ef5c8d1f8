//! The principal as handlers extract it.
use axum::{
    extract::FromRequestParts,
    http::{request::Parts, StatusCode},
};

/// The signed-in principal of this request, `None` when signed out. The session layer
/// ([`Sessions::layer`](super::Sessions::layer)) puts it in every request's extensions; a
/// handler extracts it.
///
/// ```
/// use quire_auth::sessions::Current;
///
/// #[derive(Clone)]
/// struct Member { name: String }
///
/// async fn greeting(Current(member): Current<Member>) -> String {
///     match member {
///         Some(member) => format!("Hello, {}", member.name),
///         None => "Hello, stranger".into(),
///     }
/// }
/// let app: axum::Router = axum::Router::new().route("/", axum::routing::get(greeting));
/// # let _ = app;
/// ```
#[derive(Debug, Clone)]
pub struct Current<P>(pub Option<P>);

impl<P, S> FromRequestParts<S> for Current<P>
where
    P: Clone + Send + Sync + 'static,
    S: Send + Sync,
{
    /// 500 when the session layer is not installed: a mistake in the app, which must not pass
    /// for "signed out".
    type Rejection = StatusCode;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts.extensions.get::<Self>().cloned().ok_or_else(|| {
            tracing::error!("Current<P> extracted without the session layer");
            StatusCode::INTERNAL_SERVER_ERROR
        })
    }
}
