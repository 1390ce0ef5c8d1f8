//! The one secret check with a recording audit: an account "ada" whose password is
//! [`PASSWORD`], three failures allowed per account.
use quire_auth::{
    audit::{Audit, AuditEntry, AuthEvent},
    password_check::{Claimant, PasswordCheck, Purpose},
    passwords::Passwords,
    throttle::{SignInLimits, SignInThrottle},
    ClientInfo, Error,
};
use secrecy::SecretString;
use std::sync::{Arc, Mutex};

use super::sessions::{setup, Member, Setup};

pub const PASSWORD: &str = "correct horse battery";

/// An entry as the check reported it: event, actor, subject, detail.
pub type Entry = (AuthEvent, Option<i64>, Option<i64>, String);

/// Every entry the check reported.
#[derive(Default)]
pub struct Recorded(Mutex<Vec<Entry>>);

#[async_trait::async_trait]
impl Audit for Recorded {
    async fn record(&self, entry: AuditEntry<'_>) {
        let row = (entry.event, entry.actor, entry.subject, entry.detail.into());
        self.0.lock().unwrap().push(row);
    }
}

pub struct Checking {
    pub setup: Setup,
    pub check: PasswordCheck<Member>,
    pub audit: Arc<Recorded>,
    pub ada: Member,
}

pub async fn checking() -> Checking {
    let setup = setup().await;
    let ada = setup.member("ada").await;
    let passwords = Passwords::new();
    let hash = passwords.hash(PASSWORD.into()).await.unwrap();
    let sql = format!(
        "UPDATE auth_accounts SET password_hash = '{}'",
        hash.as_db()
    );
    setup.sql(&sql).await;
    let limits = SignInLimits {
        per_account: 3,
        ..SignInLimits::default()
    };
    let clock = Arc::new(setup.clock.clone());
    let throttle = SignInThrottle::new(limits, &setup.test.db, clock);
    let audit = Arc::new(Recorded::default());
    let check = PasswordCheck::new(setup.test.db.clone(), throttle, passwords, audit.clone());
    Checking {
        setup,
        check,
        audit,
        ada,
    }
}

pub fn client() -> ClientInfo {
    ClientInfo {
        ip: "192.0.2.7".into(),
        user_agent: "test".into(),
    }
}

impl Checking {
    pub async fn sign_in(&self, email: &str, password: &str) -> Result<Member, Error> {
        let claimant = Claimant::Email(email);
        let password = SecretString::from(password);
        (self.check)
            .check(&client(), claimant, password, Purpose::SignIn, "browser")
            .await
    }

    pub fn recorded(&self) -> Vec<Entry> {
        self.audit.0.lock().unwrap().clone()
    }
}
