//! The development outbox, as the `/outbox` page shows it.
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// One message written to the outbox, with the links it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxMessage {
    pub file: String,
    pub to: String,
    pub subject: String,
    pub date: String,
    pub text: String,
    pub links: Vec<String>,
}

/// The newest messages in the outbox. Not found unless the outbox transport is on and the site
/// is not in production: the outbox holds working reset links.
#[server(endpoint = "outbox_messages")]
pub async fn outbox_messages() -> Result<Vec<OutboxMessage>, AppError> {
    let state = crate::server::request::state()?;
    let (mail, site) = (&state.config.mail, &state.config.site);
    if !mail.outbox_page(site.production) {
        return Err(AppError::NotFound);
    }
    Ok(super::server::outbox::newest(mail.outbox_dir.clone(), site.origin.clone()).await)
}
