//! Reading the signed-out event stream as a browser's `EventSource` would.
use reqwest::{Client, Response, StatusCode};
use std::time::Duration;

use super::TestApp;

/// An open event stream.
pub struct Events(pub Response);

impl TestApp {
    /// Opens `client`'s event stream; `None` when it is refused (signed out).
    pub async fn open_events(&self, client: &Client) -> Option<Events> {
        let response = client
            .get(self.url(quire::sessions::api::SESSION_EVENTS_PATH))
            .send()
            .await
            .unwrap();
        if response.status() != StatusCode::OK {
            return None;
        }
        assert_eq!(
            response.headers()["content-type"].to_str().unwrap(),
            "text/event-stream"
        );
        Some(Events(response))
    }
}

impl Events {
    /// What arrives within `wait` (keep-alive comments included), and whether the stream
    /// ended by then.
    pub async fn read_for(&mut self, wait: Duration) -> (String, bool) {
        let mut text = String::new();
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            match tokio::time::timeout_at(deadline, self.0.chunk()).await {
                Err(_) => return (text, false),
                Ok(Ok(Some(chunk))) => text.push_str(&String::from_utf8_lossy(&chunk)),
                Ok(_) => return (text, true),
            }
        }
    }

    /// Waits up to `wait` for the signed-out event; then the stream must end.
    pub async fn signed_out_within(&mut self, wait: Duration) -> bool {
        let (text, ended) = self.read_for(wait).await;
        let said = text.contains("event: signed_out\ndata: signed_out\n");
        if said {
            assert!(ended, "the stream ends with the event: {text:?}");
        }
        said
    }
}
