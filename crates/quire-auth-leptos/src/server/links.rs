//! What every mailed link shares: the app's mailer and origin, and the route that opens a
//! link by moving its secret from the URL into a cookie.
use axum::{
    extract::RawQuery,
    http::{header, HeaderValue, StatusCode},
    response::IntoResponse,
    routing::MethodRouter,
};
use secrecy::SecretString;
use std::sync::Arc;

use super::{cookies::StepCookie, request::Backend, AuthServer, Mailer};
use crate::AuthError;

/// What [`AuthServer::mail`] turned on.
pub(super) struct Mailing {
    pub(super) mailer: Arc<dyn Mailer>,
    pub(super) origin: String,
}

impl AuthServer {
    /// Turns on what needs mail: forgot/reset
    /// ([`ForgotPasswordForm`](crate::ForgotPasswordForm),
    /// [`ResetPasswordForm`](crate::ResetPasswordForm)) and address verification (a link
    /// mailed at registration, [`ConfirmEmailButton`](crate::ConfirmEmailButton)). `mailer`
    /// sends the mails, whose links point at `origin` (the site's own, such as
    /// `https://notes.example.org`). Route [`RESET_LINK_PATH`](crate::RESET_LINK_PATH) to
    /// [`AuthServer::reset_link`] and [`VERIFY_LINK_PATH`](crate::VERIFY_LINK_PATH) to
    /// [`AuthServer::verify_link`] as well.
    ///
    /// Opening a link moves its secret from the URL into an HttpOnly cookie and sends the
    /// browser on to its page: the secret is not left in the address bar, the history, a
    /// `Referer` or an access log (`Referrer-Policy: no-referrer`, never cached). Opening it
    /// changes nothing; the page's form (a POST) does, so a mail scanner that fetches every
    /// link spends none.
    ///
    /// ```no_run
    /// # fn set(auth: quire_auth_leptos::AuthServer, mailer: impl quire_auth_leptos::Mailer) -> axum::Router {
    /// use quire_auth_leptos::{RESET_LINK_PATH, VERIFY_LINK_PATH};
    /// let auth = auth.mail(mailer, "https://notes.example.org");
    /// axum::Router::new()
    ///     .route(RESET_LINK_PATH, auth.reset_link())
    ///     .route(VERIFY_LINK_PATH, auth.verify_link())
    /// # }
    /// ```
    pub fn mail(mut self, mailer: impl Mailer, origin: &str) -> Self {
        let origin = origin.trim_end_matches('/').to_owned();
        let mailer = Arc::new(mailer);
        self.mailing = Some(Arc::new(Mailing { mailer, origin }));
        self
    }
}

impl Backend {
    /// The mail setup, or [`AuthError::MailOff`] without one.
    pub(super) fn mailing(&self) -> Result<Arc<Mailing>, AuthError> {
        self.server().mailing.clone().ok_or(AuthError::MailOff)
    }
}

/// The route that opens a link: its secret into `cookie`, and the browser on to `to`.
pub(super) fn open_link<S>(to: &'static str, secure: bool, cookie: StepCookie) -> MethodRouter<S>
where
    S: Clone + Send + Sync + 'static,
{
    axum::routing::get(move |RawQuery(query): RawQuery| async move {
        let secret = query.as_deref().and_then(token).map(SecretString::from);
        let mut response = StatusCode::SEE_OTHER.into_response();
        let headers = response.headers_mut();
        headers.insert(header::LOCATION, HeaderValue::from_static(to));
        let no_referrer = HeaderValue::from_static("no-referrer");
        headers.insert(header::REFERRER_POLICY, no_referrer);
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        // A malformed token sets nothing: the page then says the link does not work.
        if let Some(value) = secret.and_then(|s| cookie.header_value(secure, Some(&s))) {
            headers.insert(header::SET_COOKIE, value);
        }
        response
    })
}

/// The `token` of a link's query, if it is one the crate could have made (base62, bounded).
fn token(query: &str) -> Option<String> {
    let (_, value) = query.split('&').find_map(|pair| {
        let (name, value) = pair.split_once('=')?;
        (name == "token").then_some((name, value))
    })?;
    let well_formed =
        (20..=64).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_alphanumeric());
    well_formed.then(|| value.to_owned())
}
