//! One request's view of the [`AuthServer`]: what each server function calls.
use axum::{
    extract::ConnectInfo,
    http::{header, request::Parts, HeaderName, HeaderValue},
};
use leptos::prelude::use_context;
use quire_auth::{accounts, rate::Allowance, ClientInfo};
use secrecy::SecretString;
use std::net::SocketAddr;
use tower_sessions::Session;

use super::{
    cookies::PENDING,
    principals::SignedIn,
    validate::{check_new_password, normalise_email},
    verify, AuthServer,
};
use crate::{AuthError, AuthUser, Paths};

/// The app's [`AuthServer`] with this request, as the server functions find them in the Leptos
/// context.
pub(crate) struct Backend {
    server: AuthServer,
    parts: Parts,
}

pub(crate) fn backend() -> Result<Backend, AuthError> {
    let server = use_context::<AuthServer>().ok_or_else(|| {
        tracing::error!("AuthServer missing from the Leptos context: provide it with the routes");
        AuthError::Internal
    })?;
    let parts = use_context::<Parts>().ok_or_else(|| {
        tracing::error!("request parts missing from the Leptos context");
        AuthError::Internal
    })?;
    Ok(Backend { server, parts })
}

/// A success sends the browser to `path`; a refusal is returned as it is.
pub(crate) fn answer(done: Result<&'static str, AuthError>) -> Result<(), AuthError> {
    leptos_axum::redirect(done?);
    Ok(())
}

impl Backend {
    pub(crate) fn paths(&self) -> Paths {
        self.server.paths
    }

    pub(crate) fn current_user(&self) -> Option<AuthUser> {
        self.server.principals.current(&self.parts)
    }

    pub(super) fn session(&self) -> Result<Session, AuthError> {
        self.parts
            .extensions
            .get::<Session>()
            .cloned()
            .ok_or_else(|| {
                tracing::error!("the session layer is not installed on this route");
                AuthError::Internal
            })
    }

    /// Who is calling: a [`ClientInfo`] the app put in the request (it knows its proxies),
    /// else the socket's peer and the `User-Agent`.
    pub(super) fn client(&self) -> ClientInfo {
        if let Some(client) = self.parts.extensions.get::<ClientInfo>() {
            return client.clone();
        }
        let ip = self.parts.extensions.get::<ConnectInfo<SocketAddr>>();
        let user_agent = self.parts.headers.get(header::USER_AGENT);
        ClientInfo {
            ip: ip.map(|c| c.0.ip().to_string()).unwrap_or_default(),
            user_agent: user_agent
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned(),
        }
    }

    /// A plain form submission, as Leptos tells it: the browser asked for HTML, not for the
    /// server function's answer. Leptos answers it with a redirect back to the form's page.
    pub(super) fn posted_without_javascript(&self) -> bool {
        let accept = self.parts.headers.get(header::ACCEPT);
        let accept = accept.and_then(|v| v.to_str().ok()).unwrap_or_default();
        accept.contains("text/html")
    }

    pub(super) fn server(&self) -> &AuthServer {
        &self.server
    }

    pub(super) fn parts(&self) -> &Parts {
        &self.parts
    }

    /// The signed-in account's id and the name it shows.
    pub(super) fn signed_in_name(&self) -> Result<(i64, String), AuthError> {
        let user = self.current_user().ok_or(AuthError::SignedOut)?;
        Ok((user.id, user.name))
    }

    pub(super) fn account_id(&self) -> Result<i64, AuthError> {
        let principals = &self.server.principals;
        principals
            .account_id(&self.parts)
            .ok_or(AuthError::SignedOut)
    }

    pub(crate) async fn register(
        &self,
        email: &str,
        password: SecretString,
    ) -> Result<(), AuthError> {
        let email = normalise_email(email).ok_or(AuthError::InvalidEmail)?;
        check_new_password(&password)?;
        self.take_registration().await?;
        let hash = self.server.passwords.hash(password).await?;
        let sessions = &self.server.sessions;
        let mut tx = quire_auth::db::write(sessions.db())
            .await
            .map_err(quire_auth::Error::from)?;
        let new = accounts::NewAccount {
            email: &email,
            password_hash: &hash,
            verified: false,
            now: sessions.now(),
        };
        // A taken address changes nothing and answers the same as a new one.
        if let Some(id) = accounts::create(&mut tx, new).await? {
            self.server.registrar.created(&mut tx, id, &email).await?;
            // With mail on, the address gets a link that proves it, sent once this commits.
            let mailing = self.server.mailing.clone();
            let verify = match &mailing {
                Some(mailing) => {
                    Some(verify::issue_in(&mut tx, mailing, id, sessions.now()).await?)
                }
                None => None,
            };
            tx.commit().await.map_err(quire_auth::Error::from)?;
            if let (Some(mailing), Some(url)) = (mailing, verify) {
                verify::send(mailing, email.clone(), url);
            }
            tracing::info!(account_id = id, "account registered");
        }
        Ok(())
    }

    /// Counts one registration against the client's IP, before anything is hashed or stored.
    async fn take_registration(&self) -> Result<(), AuthError> {
        let allowance = self.server.registrations;
        self.take_allowance("auth-registrations", allowance).await
    }

    /// Counts one event of `kind` against the client's IP under `allowance`.
    pub(super) async fn take_allowance(
        &self,
        kind: &str,
        allowance: Allowance,
    ) -> Result<(), AuthError> {
        let key = format!("{kind}:ip:{}", self.client().ip);
        self.take(&key, allowance).await
    }

    /// Counts one event under `key` (which names what is counted: an IP, a hashed address).
    pub(super) async fn take(&self, key: &str, allowance: Allowance) -> Result<(), AuthError> {
        let server = &self.server;
        let now_ms = server.sessions.now().saturating_mul(1000);
        let taken = server.counts.take(allowance, key, now_ms);
        match taken.await.map_err(quire_auth::Error::from)? {
            Ok(()) => Ok(()),
            Err(refused) => {
                if refused.first {
                    tracing::warn!(key, "refused: the allowance ran out");
                }
                Err(AuthError::Throttled(refused.seconds))
            }
        }
    }

    /// The password step; where the browser goes next: the code step when the account has
    /// one (with the pending record's cookie), else [`Paths::after_sign_in`].
    pub(crate) async fn sign_in(
        &self,
        email: &str,
        password: SecretString,
        remember: bool,
    ) -> Result<&'static str, AuthError> {
        // Unknown addresses are checked like known ones (and take as long).
        let email = normalise_email(email).unwrap_or_default();
        let (server, session) = (&self.server, self.session()?);
        let client = self.client();
        let signed_in = server.principals.sign_in(
            &server.sessions,
            &session,
            client,
            &email,
            password,
            remember,
        );
        match signed_in.await? {
            SignedIn::Done => Ok(server.paths.after_sign_in),
            SignedIn::CodeNeeded(secret) => {
                PENDING.send(server.secure_cookies, Some(&secret));
                Ok(server.paths.second_step)
            }
        }
    }

    /// The code step: finishes the sign-in this browser's pending cookie names.
    pub(crate) async fn finish_sign_in(&self, code: &str) -> Result<(), AuthError> {
        let secure = self.server.secure_cookies;
        let secret = PENDING
            .read(secure, &self.parts)
            .ok_or(AuthError::SignInAgain)?;
        let (server, session) = (&self.server, self.session()?);
        let finished = server.principals.finish_sign_in(
            &server.sessions,
            &session,
            self.client(),
            &secret,
            code.trim(),
        );
        let done = finished.await;
        // Over, or finished: either way the cookie has nothing more to do.
        if matches!(done, Ok(()) | Err(AuthError::SignInAgain)) {
            PENDING.send(secure, None);
        }
        done
    }

    pub(crate) async fn sign_out(&self) -> Result<(), AuthError> {
        self.server.sessions.end(&self.session()?).await?;
        // The browser drops this site's cookies and storage too.
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.insert_header(
                HeaderName::from_static("clear-site-data"),
                HeaderValue::from_static("\"cookies\", \"storage\""),
            );
        }
        Ok(())
    }

    /// Opens the sudo window: the password, checked again through the one throttled door.
    pub(crate) async fn confirm_password(&self, password: SecretString) -> Result<(), AuthError> {
        let (server, session) = (&self.server, self.session()?);
        let client = self.client();
        server
            .principals
            .reconfirm(&server.sessions, &session, client, &self.parts, password)
            .await
    }
}
