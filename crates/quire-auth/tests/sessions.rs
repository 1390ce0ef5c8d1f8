//! The session store as tower-sessions drives it, against the test app's `members`: only
//! hashes stored, the principal read fresh with every load and never written, no session for
//! a revoked or deactivated account, expiry, and `save` that cannot bring a row back.
mod support;

use quire_auth::{
    clock::MockClock,
    sessions::{hash_id, Principal, SessionAuth, SessionStore, AUTH_KEY, PRINCIPAL_KEY},
};
use std::sync::Arc;
use time::{Duration, OffsetDateTime};
use tower_sessions::{
    session::{Id, Record},
    SessionStore as _,
};

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, sqlx::FromRow)]
struct Member {
    id: i64,
    name: String,
    auth_epoch: i64,
}

impl Principal for Member {
    const ACCOUNTS: &'static str = "members a";
    const COLUMNS: &'static str = "a.id, a.name, a.auth_epoch";
    fn auth_epoch(&self) -> i64 {
        self.auth_epoch
    }
}

struct Setup {
    test: support::TestDb,
    clock: MockClock,
    store: SessionStore<Member>,
}

async fn setup() -> Setup {
    let test = support::fresh_db().await;
    let clock = MockClock::new();
    let store = SessionStore::new(test.db.clone(), Arc::new(clock.clone()));
    Setup { test, clock, store }
}

impl Setup {
    async fn sql(&self, sql: &str) -> u64 {
        quire_auth::on_db!(self.test.db, |exe| sqlx::query(sql)
            .execute(exe)
            .await
            .map(|done| done.rows_affected()))
        .unwrap()
    }

    async fn member(&self, name: &str) -> Member {
        self.sql(&format!("INSERT INTO members (name) VALUES ('{name}')"))
            .await;
        quire_auth::on_db!(self.test.db, |exe| sqlx::query_as(
            "SELECT id, name, auth_epoch FROM members WHERE name = $1"
        )
        .bind(name)
        .fetch_one(exe)
        .await)
        .unwrap()
    }

    /// A record as a sign-in makes it, lasting an hour.
    fn record(&self, member: &Member) -> Record {
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

    async fn stored(&self) -> Vec<(String, String)> {
        quire_auth::on_db!(self.test.db, |exe| sqlx::query_as(
            "SELECT id_hash, data FROM auth_sessions"
        )
        .fetch_all(exe)
        .await)
        .unwrap()
    }
}

fn principal(record: &Record) -> Member {
    serde_json::from_value(record.data[PRINCIPAL_KEY].clone()).unwrap()
}

#[tokio::test]
async fn s02_only_the_hash_of_the_id_is_stored_and_never_the_principal() {
    let s = setup().await;
    let ada = s.member("ada").await;
    let mut record = s.record(&ada);
    s.store.create(&mut record).await.unwrap();
    let stored = s.stored().await;
    assert_eq!(stored.len(), 1);
    let (id_hash, data) = &stored[0];
    assert_eq!(id_hash, &hash_id(&record.id));
    assert!(!id_hash.contains(&record.id.to_string()));
    assert!(data.contains("\"auth\""), "{data}");
    assert!(!data.contains(PRINCIPAL_KEY), "{data}");
}

#[tokio::test]
async fn the_principal_is_read_fresh_with_every_load() {
    let s = setup().await;
    let ada = s.member("ada").await;
    let mut record = s.record(&ada);
    s.store.create(&mut record).await.unwrap();
    let loaded = s
        .store
        .load(&record.id)
        .await
        .unwrap()
        .expect("the session");
    assert_eq!(principal(&loaded), ada);
    s.sql("UPDATE members SET name = 'ada lovelace'").await;
    let loaded = s
        .store
        .load(&record.id)
        .await
        .unwrap()
        .expect("the session");
    assert_eq!(principal(&loaded).name, "ada lovelace");
    let auth: SessionAuth = serde_json::from_value(loaded.data[AUTH_KEY].clone()).unwrap();
    assert_eq!(auth.account_id, ada.id);
}

#[tokio::test]
async fn s08_no_session_is_stored_once_the_accounts_epoch_moved_on() {
    let s = setup().await;
    let ada = s.member("ada").await;
    // A revocation runs between this request's read of the account and its sign-in.
    s.sql("UPDATE members SET auth_epoch = auth_epoch + 1")
        .await;
    let mut record = s.record(&ada);
    s.store.create(&mut record).await.unwrap();
    assert!(s.stored().await.is_empty());
    assert!(s.store.load(&record.id).await.unwrap().is_none());
}

#[tokio::test]
async fn no_session_is_stored_for_a_deactivated_account() {
    let s = setup().await;
    let ada = s.member("ada").await;
    s.sql("UPDATE members SET active = FALSE").await;
    s.store.create(&mut s.record(&ada)).await.unwrap();
    assert!(s.stored().await.is_empty());
}

#[tokio::test]
async fn s08_save_never_brings_back_a_deleted_session() {
    let s = setup().await;
    let ada = s.member("ada").await;
    let mut record = s.record(&ada);
    s.store.create(&mut record).await.unwrap();
    s.store.delete(&record.id).await.unwrap();
    s.store.save(&record).await.unwrap();
    assert!(s.stored().await.is_empty());
    assert!(s.store.load(&record.id).await.unwrap().is_none());
}

#[tokio::test]
async fn an_expired_session_is_not_loaded_and_is_deleted() {
    let s = setup().await;
    let ada = s.member("ada").await;
    let mut record = s.record(&ada);
    s.store.create(&mut record).await.unwrap();
    s.clock.advance(Duration::minutes(59));
    assert!(s.store.load(&record.id).await.unwrap().is_some());
    s.clock.advance(Duration::minutes(1));
    assert!(s.store.load(&record.id).await.unwrap().is_none());
    assert!(s.stored().await.is_empty());
}

#[tokio::test]
async fn s03_an_unknown_id_loads_nothing() {
    let s = setup().await;
    let ada = s.member("ada").await;
    s.store.create(&mut s.record(&ada)).await.unwrap();
    assert!(s.store.load(&Id::default()).await.unwrap().is_none());
}
