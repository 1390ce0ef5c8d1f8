//! Where a message goes: an SMTP relay (lettre over rustls), or `.eml` files in the
//! development outbox.
use lettre::{
    message::{
        header::{ContentTransferEncoding, ContentType},
        Mailbox, MultiPart, SinglePart,
    },
    transport::smtp::authentication::Credentials,
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
};
use secrecy::ExposeSecret;
use std::{path::PathBuf, time::Duration};

use super::queue::Claimed;
use crate::server::config::{MailConfig, MailTransport, SmtpTls};

pub enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Outbox(PathBuf),
}

#[derive(Debug, thiserror::Error)]
pub enum TransportError {
    #[error("smtp: {0}")]
    Smtp(#[from] lettre::transport::smtp::Error),
    #[error("building the message: {0}")]
    Message(#[from] lettre::error::Error),
    #[error("address: {0}")]
    Address(#[from] lettre::address::AddressError),
    #[error("writing to the outbox: {0}")]
    Outbox(#[from] std::io::Error),
    #[error("refused: a header value holds a control character")]
    HeaderInjection,
}

/// A value that may go into a header as it is: no CR, LF or other control character, which
/// could end the header and start another (checklist M05).
fn header_safe(value: &str) -> bool {
    !value.chars().any(char::is_control)
}

impl Transport {
    pub fn from_config(mail: &MailConfig) -> Result<Self, TransportError> {
        if mail.transport == MailTransport::Outbox {
            return Ok(Transport::Outbox(mail.outbox_dir.clone()));
        }
        type Smtp = AsyncSmtpTransport<Tokio1Executor>;
        let mut builder = match mail.smtp_tls {
            SmtpTls::Tls => Smtp::relay(&mail.smtp_host)?,
            SmtpTls::Starttls => Smtp::starttls_relay(&mail.smtp_host)?,
            SmtpTls::None => Smtp::builder_dangerous(&mail.smtp_host),
        }
        .port(mail.smtp_port)
        .timeout(Some(Duration::from_secs(15)));
        if !mail.smtp_user.is_empty() {
            let password = mail.smtp_password.0.expose_secret().to_owned();
            builder = builder.credentials(Credentials::new(mail.smtp_user.clone(), password));
        }
        Ok(Transport::Smtp(builder.build()))
    }

    pub(super) async fn send(
        &self,
        from: &Mailbox,
        claimed: &Claimed,
    ) -> Result<(), TransportError> {
        let message = build(from, claimed)?;
        match self {
            Transport::Smtp(smtp) => {
                smtp.send(message).await?;
            }
            Transport::Outbox(dir) => {
                tokio::fs::create_dir_all(dir).await?;
                let path = dir.join(format!("{:08}.eml", claimed.id));
                tokio::fs::write(path, message.formatted()).await?;
            }
        }
        Ok(())
    }
}

fn build(from: &Mailbox, claimed: &Claimed) -> Result<Message, TransportError> {
    if !header_safe(&claimed.subject) || !header_safe(&claimed.recipient) {
        return Err(TransportError::HeaderInjection);
    }
    // A display name that could break the header is left out: the mail still reaches the
    // address, which registration validated.
    let name = header_safe(&claimed.recipient_name).then(|| claimed.recipient_name.clone());
    if name.is_none() {
        tracing::warn!(id = claimed.id, "recipient name left out of the To header");
    }
    let to = Mailbox::new(name, claimed.recipient.parse()?);
    // Quoted-printable for both parts: readable in any client, and one decoding for the outbox.
    let body = MultiPart::alternative()
        .singlepart(
            SinglePart::builder()
                .header(ContentType::TEXT_PLAIN)
                .header(ContentTransferEncoding::QuotedPrintable)
                .body(claimed.text_body.clone()),
        )
        .singlepart(
            SinglePart::builder()
                .header(ContentType::TEXT_HTML)
                .header(ContentTransferEncoding::QuotedPrintable)
                .body(claimed.html_body.clone()),
        );
    Ok(Message::builder()
        .from(from.clone())
        .to(to)
        .subject(claimed.subject.clone())
        .multipart(body)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn m05_control_characters_never_reach_a_header() {
        let from: Mailbox = "Quire <q@example.org>".parse().unwrap();
        let mut claimed = Claimed {
            id: 1,
            recipient: "ada@example.org".into(),
            recipient_name: "Ada\r\nBcc: eve@evil.test".into(),
            subject: "Hello".into(),
            text_body: "x".into(),
            html_body: "<p>x</p>".into(),
            attempts: 1,
        };
        let sent = String::from_utf8(build(&from, &claimed).unwrap().formatted()).unwrap();
        // Not the bare word: a random MIME boundary may hold any three letters.
        assert!(
            !sent.contains("Bcc:") && !sent.contains("evil.test"),
            "{sent}"
        );
        assert!(sent.contains("To: ada@example.org\r\n"), "{sent}");
        claimed.subject = "Hi\r\nBcc: eve@evil.test".into();
        assert!(matches!(
            build(&from, &claimed),
            Err(TransportError::HeaderInjection)
        ));
    }
}
