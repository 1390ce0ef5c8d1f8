//! A test app's accounts (`members`) as a session principal, and a store over them.
use quire_auth::{
    clock::MockClock,
    sessions::{
        Principal, SessionAuth, SessionPolicy, SessionStore, Sessions, AUTH_KEY, PRINCIPAL_KEY,
    },
};
use std::sync::Arc;
use time::OffsetDateTime;
use tower_sessions::{
    session::{Id, Record},
    Session, SessionStore as _,
};

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, sqlx::FromRow)]
pub struct Member {
    pub id: i64,
    pub name: String,
    pub auth_epoch: i64,
}

impl Principal for Member {
    const ACCOUNTS: &'static str = "auth_accounts a JOIN members m ON m.id = a.id";
    const COLUMNS: &'static str = "a.id, m.name, a.auth_epoch";
    fn account_id(&self) -> i64 {
        self.id
    }
    fn auth_epoch(&self) -> i64 {
        self.auth_epoch
    }
}

pub struct Setup {
    pub test: super::TestDb,
    pub clock: MockClock,
    pub store: SessionStore<Member>,
}

pub async fn setup() -> Setup {
    let test = super::fresh_db().await;
    let clock = MockClock::new();
    let store = SessionStore::new(test.db.clone(), Arc::new(clock.clone()));
    Setup { test, clock, store }
}

impl Setup {
    pub async fn sql(&self, sql: &str) -> u64 {
        quire_auth::on_db!(self.test.db, |exe| sqlx::query(sql)
            .execute(exe)
            .await
            .map(|done| done.rows_affected()))
        .unwrap()
    }

    pub async fn member(&self, name: &str) -> Member {
        self.sql(&format!(
            "INSERT INTO auth_accounts (email, password_hash, created_at, updated_at) \
             VALUES ('{name}@example.org', 'x', 0, 0)"
        ))
        .await;
        self.sql(&format!(
            "INSERT INTO members (id, name) SELECT id, '{name}' FROM auth_accounts \
             WHERE email = '{name}@example.org'"
        ))
        .await;
        quire_auth::on_db!(self.test.db, |exe| sqlx::query_as(
            "SELECT a.id, m.name, a.auth_epoch FROM auth_accounts a JOIN members m ON m.id = a.id \
             WHERE m.name = $1"
        )
        .bind(name)
        .fetch_one(exe)
        .await)
        .unwrap()
    }

    /// A record as a sign-in makes it, lasting an hour.
    pub fn record(&self, member: &Member) -> Record {
        let now = self.clock.now_unix();
        let auth = SessionAuth {
            account_id: member.id,
            created_at: now,
            absolute_expires_at: now + 86_400,
            seen_at: now,
            ip: "192.0.2.1".into(),
            user_agent: "test".into(),
            remember: false,
            sudo_at: now,
        };
        let mut record = Record {
            id: Id::default(),
            data: Default::default(),
            expiry_date: OffsetDateTime::from_unix_timestamp(now + 3_600).unwrap(),
        };
        let auth = serde_json::to_value(&auth).unwrap();
        record.data.insert(AUTH_KEY.into(), auth);
        let member = serde_json::to_value(member).unwrap();
        record.data.insert(PRINCIPAL_KEY.into(), member);
        record
    }

    /// A session stored for `member`, as a sign-in leaves it.
    pub async fn signed_in(&self, member: &Member) -> Record {
        let mut record = self.record(member);
        self.store.create(&mut record).await.unwrap();
        record
    }

    /// Whether no row is stored and the record's id loads nothing.
    pub async fn nothing_stored_for(&self, record: &Record) -> bool {
        self.stored().await.is_empty() && self.store.load(&record.id).await.unwrap().is_none()
    }

    pub async fn stored(&self) -> Vec<(String, String)> {
        quire_auth::on_db!(self.test.db, |exe| sqlx::query_as(
            "SELECT id_hash, data FROM auth_sessions"
        )
        .fetch_all(exe)
        .await)
        .unwrap()
    }

    /// The lifecycle over this store, with `policy`.
    pub fn sessions(&self, policy: SessionPolicy) -> Sessions {
        Sessions::new(self.test.db.clone(), Arc::new(self.clock.clone()), policy)
    }

    /// A request's session, as the session layer makes it from the cookie's `id`.
    pub fn request(&self, id: Option<Id>) -> Session {
        Session::new(id, Arc::new(self.store.clone()), None)
    }

    /// What the session layer does as the answer leaves: saves a changed session and says
    /// which id the cookie now holds (`None`: the cookie is removed).
    pub async fn respond(&self, session: &Session) -> Option<Id> {
        if session.is_empty().await {
            return None;
        }
        if session.is_modified() {
            session.save().await.unwrap();
        }
        session.id()
    }

    pub async fn scalar(&self, sql: &str) -> i64 {
        quire_auth::on_db!(self.test.db, |exe| sqlx::query_scalar(sql)
            .fetch_one(exe)
            .await)
        .unwrap()
    }
}
