//! A test app's token scopes, and tokens issued the way an app issues them.
use super::sessions::{Member, Setup};
use quire_auth::{
    token_format::{TokenFormat, TokenKind},
    tokens::{Scope, Tokens},
};
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notes {
    Read,
    Write,
}

impl Scope for Notes {
    const ALL: &'static [Self] = &[Notes::Read, Notes::Write];
    fn name(self) -> &'static str {
        match self {
            Notes::Read => "notes:read",
            Notes::Write => "notes:write",
        }
    }
}

pub const FORMAT: TokenFormat = TokenFormat::new("notes");

pub fn tokens(setup: &Setup) -> Tokens<Member> {
    Tokens::new(setup.test.db.clone(), Arc::new(setup.clock.clone()), FORMAT)
}

pub async fn issue(setup: &Setup, member: &Member, scopes: &[Notes], days: i64) -> String {
    let mut tx = quire_auth::db::write(&setup.test.db).await.unwrap();
    let expires_at = setup.clock.now_unix() + days * 86_400;
    let issued = tokens(setup)
        .issue(
            &mut tx,
            member,
            TokenKind::Pat,
            "laptop",
            scopes,
            expires_at,
        )
        .await
        .unwrap();
    tx.commit().await.unwrap();
    issued.token
}
