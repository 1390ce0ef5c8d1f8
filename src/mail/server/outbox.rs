//! Reads the development outbox back for the `/outbox` page: the newest `.eml` files, their
//! envelope and the text part, with the links to this site picked out.
use std::path::{Path, PathBuf};

use crate::mail::api::OutboxMessage;

const SHOWN: usize = 20;

pub async fn newest(dir: PathBuf, origin: String) -> Vec<OutboxMessage> {
    let read = tokio::task::spawn_blocking(move || read_newest(&dir, &origin)).await;
    read.unwrap_or_default()
}

fn read_newest(dir: &Path, origin: &str) -> Vec<OutboxMessage> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "eml"))
        .collect();
    // Named by queue id, zero-padded: the name order is the sending order.
    files.sort();
    files
        .iter()
        .rev()
        .take(SHOWN)
        .filter_map(|path| {
            let raw = std::fs::read(path).ok()?;
            let name = path.file_name()?.to_string_lossy().into_owned();
            Some(parse(&name, &String::from_utf8_lossy(&raw), origin))
        })
        .collect()
}

fn parse(file: &str, raw: &str, origin: &str) -> OutboxMessage {
    let (head, _) = raw.split_once("\r\n\r\n").unwrap_or((raw, ""));
    let header = |name: &str| {
        head.lines()
            .find_map(|l| l.strip_prefix(name))
            .unwrap_or_default()
            .trim()
            .to_owned()
    };
    let text = text_part(raw);
    let page = format!("{origin}/");
    let links = text
        .split_whitespace()
        .filter(|word| word.starts_with(&page))
        .map(str::to_owned)
        .collect();
    OutboxMessage {
        file: file.to_owned(),
        to: header("To: "),
        subject: header("Subject: "),
        date: header("Date: "),
        text,
        links,
    }
}

/// The decoded `text/plain` part.
fn text_part(raw: &str) -> String {
    let Some(start) = raw.find("Content-Type: text/plain") else {
        return String::new();
    };
    let part = &raw[start..];
    let body = part.split_once("\r\n\r\n").map_or("", |(_, body)| body);
    let body = body.split("\r\n--").next().unwrap_or_default();
    let decoded = quoted_printable::decode(body, quoted_printable::ParseMode::Robust);
    String::from_utf8_lossy(&decoded.unwrap_or_default()).replace("\r\n", "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_to_pages_of_the_site_are_picked_out_of_the_decoded_text() {
        let raw = "To: Ada <ada@example.org>\r\nSubject: Reset\r\n\r\n--b\r\n\
                   Content-Type: text/plain; charset=utf-8\r\n\
                   Content-Transfer-Encoding: quoted-printable\r\n\r\n\
                   Your account at http://x.test.\r\n\
                   http://x.test/reset-password/open?token=3Dab=\r\ncd\r\n--b--\r\n";
        let message = parse("1.eml", raw, "http://x.test");
        assert_eq!(message.to, "Ada <ada@example.org>");
        assert_eq!(message.subject, "Reset");
        assert_eq!(
            message.links,
            vec!["http://x.test/reset-password/open?token=abcd".to_owned()]
        );
    }
}
