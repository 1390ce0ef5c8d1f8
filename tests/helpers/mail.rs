//! Password reset as a browser does it, for the mail tests.
use reqwest::{header, Client, Response};

use super::{link_in, SmtpSink, TestApp};

pub const NEW_PASSWORD: &str = "a different long passphrase";
pub const RESET_SUBJECT: &str = "Reset your Quire password";

impl TestApp {
    /// Posts the "Forgot your password?" form the way a browser without JavaScript does.
    pub async fn request_reset(&self, client: &Client, email: &str) -> Response {
        self.post(client, "/api/request_password_reset")
            .header(header::ACCEPT, "text/html")
            .header(header::REFERER, self.url("/forgot-password"))
            .form(&[("email", email)])
            .send()
            .await
            .unwrap()
    }

    /// Follows a link from a mail (absolute URL) without following its redirect.
    pub async fn open_link(&self, client: &Client, link: &str) -> Response {
        client.get(link).send().await.unwrap()
    }

    pub async fn reset_password(&self, client: &Client, password: &str) -> Response {
        self.call(client, "reset_password", &[("new_password", password)])
            .await
    }

    /// Issues a `purpose` link for the account `email` directly (as if its mail had arrived)
    /// and opens it in `client`. Returns the link's secret.
    pub async fn open_issued_link(
        &self,
        client: &Client,
        email: &str,
        purpose: quire_auth::links::Purpose,
        new_email: Option<&str>,
    ) -> String {
        use quire_auth::links::{issue, Purpose};
        let id = self.user_id(email).await;
        let mut tx = quire_auth::db::write(&self.db).await.unwrap();
        let now = self.clock.now_unix();
        let link = quire_auth::links::NewLink {
            account_id: id,
            purpose,
            ttl_seconds: 600,
            new_email,
            auth_epoch: None,
        };
        let secret = issue(&mut tx, link, now).await.unwrap();
        tx.commit().await.unwrap();
        let path = match purpose {
            Purpose::Reset => "/reset-password/open",
            Purpose::Verify => "/verify-email/open",
            Purpose::EmailChange => "/confirm-email-change/open",
            Purpose::EmailChangeCancel => "/cancel-email-change/open",
        };
        self.open_link(client, &self.url(&format!("{path}?token={secret}")))
            .await;
        secret
    }

    /// Requests a reset for `email` and opens the link that arrives as reset message number
    /// `nth` (1-based) in `client`, which then holds it.
    pub async fn open_reset_link(&self, sink: &SmtpSink, client: &Client, email: &str, nth: usize) {
        self.request_reset(&super::client(), email).await;
        let messages = sink.wait_about(RESET_SUBJECT, nth).await;
        let link = link_in(&messages[nth - 1], "/reset-password/open");
        self.open_link(client, &link).await;
    }
}
