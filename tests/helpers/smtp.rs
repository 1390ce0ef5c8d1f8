//! A real SMTP server for mail tests: `tests/smtp_sink.py` (aiosmtpd) on a loopback port,
//! saving what it receives into a temporary folder. It can be stopped and started again on the
//! same port, to test an outage.
use std::{
    io::{BufRead, BufReader},
    path::PathBuf,
    process::{Child, Command, Stdio},
    time::Duration,
};

use quire::server::config::{Config, MailTransport, SmtpTls};

pub struct SmtpSink {
    pub port: u16,
    dir: tempfile::TempDir,
    child: Option<Child>,
}

/// Debian's Python carries `python3-aiosmtpd` (scripts/setup.sh installs it); another Python
/// first on PATH (pyenv) would not see it.
fn python() -> String {
    std::env::var("QUIRE_TEST_PYTHON").unwrap_or_else(|_| "/usr/bin/python3".into())
}

impl SmtpSink {
    pub fn start() -> Self {
        let mut sink = Self {
            port: super::free_port(),
            dir: tempfile::tempdir().unwrap(),
            child: None,
        };
        sink.restart();
        sink
    }

    /// Starts the sink (again) on its port and waits until it accepts connections.
    pub fn restart(&mut self) {
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/smtp_sink.py");
        let mut child = Command::new(python())
            .arg(script)
            .arg(self.port.to_string())
            .arg(self.dir.path())
            .stdout(Stdio::piped())
            .spawn()
            .expect("the SMTP sink starts (is python3-aiosmtpd installed? scripts/setup.sh test)");
        let mut line = String::new();
        let stdout = child.stdout.take().unwrap();
        BufReader::new(stdout).read_line(&mut line).unwrap();
        assert_eq!(line.trim(), "ready", "the SMTP sink did not start");
        self.child = Some(child);
    }

    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Points `config` at this sink, unencrypted.
    pub fn configure(&self, config: &mut Config) {
        config.mail.transport = MailTransport::Smtp;
        config.mail.smtp_host = "127.0.0.1".into();
        config.mail.smtp_port = self.port;
        config.mail.smtp_tls = SmtpTls::None;
    }

    /// Every message received so far, oldest first, as raw text.
    pub fn messages(&self) -> Vec<String> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "eml"))
            .collect();
        files.sort();
        files
            .iter()
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect()
    }

    /// The messages received so far whose subject is `subject`, oldest first.
    pub fn about(&self, subject: &str) -> Vec<String> {
        let header = format!("\r\nSubject: {subject}\r\n");
        self.messages()
            .into_iter()
            .filter(|m| m.contains(&header))
            .collect()
    }

    /// Waits (up to 15 s) until at least `count` messages with `subject` arrived; returns them.
    pub async fn wait_about(&self, subject: &str, count: usize) -> Vec<String> {
        self.wait_about_to("", subject, count).await
    }

    /// As [`SmtpSink::wait_about`], counting only messages to `address` ("" for anyone).
    pub async fn wait_about_to(&self, address: &str, subject: &str, count: usize) -> Vec<String> {
        let envelope = format!("X-Sink-Rcpt: {address}");
        for _ in 0..300 {
            let mut messages = self.about(subject);
            messages.retain(|m| m.starts_with(&envelope));
            if messages.len() >= count {
                return messages;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!(
            "expected {count} message(s) about {subject:?}, got {:?}",
            self.messages()
        );
    }

    /// Waits (up to 15 s) until at least `count` messages arrived, and returns them all.
    pub async fn wait_for(&self, count: usize) -> Vec<String> {
        for _ in 0..300 {
            let messages = self.messages();
            if messages.len() >= count {
                return messages;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("expected {count} message(s), got {}", self.messages().len());
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A received message with its quoted-printable parts decoded (headers pass through as they are).
pub fn decoded(message: &str) -> String {
    let bytes = quoted_printable::decode(message, quoted_printable::ParseMode::Robust).unwrap();
    String::from_utf8_lossy(&bytes).replace("\r\n", "\n")
}

/// The first absolute link in `message` to `path` on the app, e.g. `/reset-password/open`.
pub fn link_in(message: &str, path: &str) -> String {
    let text = decoded(message);
    let at = text.find(path).expect("the message holds the link");
    let start = text[..at].rfind("http").expect("an absolute link");
    let end = text[start..]
        .find(|c: char| c.is_whitespace() || c == '"' || c == '<')
        .map_or(text.len(), |e| start + e);
    text[start..end].to_owned()
}
