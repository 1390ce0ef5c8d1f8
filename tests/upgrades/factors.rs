//! Second factors and passkeys that moved into quire-auth's migration sequence: they keep
//! working across the upgrade, and what was spent stays spent.
use crate::helpers::*;

#[tokio::test]
async fn recovery_codes_that_moved_to_quire_auth_still_work_once() {
    use quire_auth::recovery_codes;
    let dir = tempfile::tempdir().unwrap();
    // Release 20's tables: links already quire-auth's, recovery codes still Quire's.
    let account = "INSERT INTO auth_accounts (id, email, password_hash, created_at, updated_at) \
                   VALUES (7, 'ada@example.org', 'x', 0, 0), (8, 'bob@example.org', 'x', 0, 0)";
    let user = "INSERT INTO users (id, display_name, created_at, updated_at) \
                VALUES (7, 'Ada', 0, 0), (8, 'Bob', 0, 0)";
    let code = |id: i64, typed: &str, used_at: &str| {
        format!(
            "INSERT INTO recovery_codes (id, user_id, code_hash, used_at) \
             VALUES ({id}, 7, '{}', {used_at})",
            quire_auth::secret::sha256_hex(typed.as_bytes())
        )
    };
    let (unused, used) = (code(3, "abcdefghjk", "NULL"), code(4, "mnpqrstuvw", "1"));
    let release = Release {
        quire: 20,
        auth: 900000000005,
    };
    let url = release
        .database(dir.path(), &[account, user, &unused, &used])
        .await;
    let app = spawn_app_with(|config| config.database.url = url).await;
    let now = app.clock.now_unix();
    let mut tx = quire_auth::db::write(&app.db).await.unwrap();
    assert!(recovery_codes::spend(&mut tx, 7, "ABCDE-FGHJK", now)
        .await
        .unwrap());
    assert!(!recovery_codes::spend(&mut tx, 7, "mnpqr-stuvw", now)
        .await
        .unwrap());
    // Bob's first set takes ids after Ada's, which moved (PostgreSQL's identity included).
    recovery_codes::replace(&mut tx, 8).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(newest_id(&app, "auth_recovery_codes").await, 14);
}

#[tokio::test]
async fn authenticator_apps_that_moved_to_quire_auth_keep_their_last_code_spent() {
    use quire_auth::totp::{self, Stage};
    let dir = tempfile::tempdir().unwrap();
    const SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    // Release 21's tables: recovery codes already quire-auth's, authenticator apps still
    // Quire's. Ada's app is confirmed and its newest code was used; Bob's is being set up.
    let account = "INSERT INTO auth_accounts (id, email, password_hash, created_at, updated_at) \
                   VALUES (7, 'ada@example.org', 'x', 0, 0), (8, 'bob@example.org', 'x', 0, 0)";
    let user = "INSERT INTO users (id, display_name, created_at, updated_at) \
                VALUES (7, 'Ada', 0, 0), (8, 'Bob', 0, 0)";
    let release = Release {
        quire: 21,
        auth: 900000000006,
    };
    // A step ten ahead of now: every code of the next five minutes counts as used already.
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let step = now / 30 + 10;
    let factors = format!(
        "INSERT INTO totp_factors (user_id, secret, confirmed_at, last_step, created_at, added_from) \
         VALUES (7, '{SECRET}', 1, {step}, 0, 'Firefox on Linux'), (8, '{SECRET}', NULL, 0, 0, '')"
    );
    let url = release
        .database(dir.path(), &[account, user, &factors])
        .await;
    let app = spawn_app_with(|config| config.database.url = url).await;
    assert!(totp::enabled(&app.db, 7).await.unwrap());
    assert!(
        !totp::enabled(&app.db, 8).await.unwrap(),
        "still being set up"
    );
    let setup = totp::unconfirmed_secret(&app.db, 8).await.unwrap();
    assert!(setup.is_some(), "Bob's setup moved too");

    let accept = |code: String| {
        let app = &app;
        async move {
            let mut tx = quire_auth::db::write(&app.db).await.unwrap();
            let at = app.clock.now_unix();
            let accepted = totp::accept(&mut tx, 7, &code, at, Stage::Confirmed).await;
            tx.commit().await.unwrap();
            accepted.unwrap()
        }
    };
    assert!(
        !accept(app.totp_code(SECRET)).await,
        "older than the last used before the upgrade"
    );
    app.clock.advance(time::Duration::seconds(11 * 30));
    assert!(accept(app.totp_code(SECRET)).await);
}

#[tokio::test]
async fn a_sign_in_waiting_for_its_code_across_the_upgrade_keeps_its_tries() {
    use quire_auth::pending_sign_ins;
    let dir = tempfile::tempdir().unwrap();
    // Release 22's tables: authenticator apps already quire-auth's, pending steps still
    // Quire's. Ada's password step has used four of its five tries.
    let account = "INSERT INTO auth_accounts (id, email, password_hash, created_at, updated_at) \
                   VALUES (7, 'ada@example.org', 'x', 0, 0)";
    let user = "INSERT INTO users (id, display_name, created_at, updated_at) \
                VALUES (7, 'Ada', 0, 0)";
    let secret = "waiting-for-its-code";
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let step = format!(
        "INSERT INTO pending_sign_ins (id_hash, user_id, remember, failures, expires_at, auth_epoch) \
         VALUES ('{}', 7, TRUE, 4, {}, 0)",
        quire_auth::secret::sha256_hex(secret.as_bytes()),
        now + 240
    );
    let release = Release {
        quire: 22,
        auth: 900000000007,
    };
    let url = release.database(dir.path(), &[account, user, &step]).await;
    let app = spawn_app_with(|config| config.database.url = url).await;
    let at = app.clock.now_unix();
    let waiting = pending_sign_ins::load(&app.db, secret, at).await.unwrap();
    assert_eq!(waiting.map(|w| (w.account_id, w.remember)), Some((7, true)));
    assert!(pending_sign_ins::take_try(&app.db, secret, at)
        .await
        .unwrap());
    assert!(
        !pending_sign_ins::take_try(&app.db, secret, at)
            .await
            .unwrap(),
        "the fifth was the last"
    );
}

#[tokio::test]
async fn passkeys_that_moved_to_quire_auth_still_sign_in() {
    use quire_auth::passkeys::{relying_party, webauthn_rs::prelude::Uuid};
    let dir = tempfile::tempdir().unwrap();
    // A passkey as release 23 stored it, registered with webauthn-rs as the site did then.
    let rp = relying_party("http://localhost:3000", "Quire").unwrap();
    let handle = Uuid::new_v4();
    let (options, registration) = rp
        .start_passkey_registration(handle, "ada@example.org", "Ada", None)
        .unwrap();
    let mut key = Authenticator::new("http://localhost:3000");
    let answer = key.register(&serde_json::to_value(&options).unwrap());
    let answer = serde_json::from_value(answer).unwrap();
    let passkey = rp
        .finish_passkey_registration(&answer, &registration)
        .unwrap();
    let json = serde_json::to_string(&passkey).unwrap().replace('\'', "''");
    let account = format!(
        "INSERT INTO auth_accounts (id, email, password_hash, created_at, updated_at, \
         webauthn_handle) VALUES (7, 'ada@example.org', 'x', 0, 0, '{handle}')"
    );
    let user = "INSERT INTO users (id, display_name, created_at, updated_at) \
                VALUES (7, 'Ada', 0, 0)";
    let stored = format!(
        "INSERT INTO passkeys (id, user_id, credential_id, name, passkey, created_at, added_from) \
         VALUES (5, 7, '{}', 'Laptop', '{json}', 0, 'Firefox on Linux')",
        hex::encode(&key.credential_id)
    );
    let release = Release {
        quire: 23,
        auth: 900000000008,
    };
    let url = release
        .database(dir.path(), &[&account, user, &stored])
        .await;
    let app = passkey_app_with(|config| config.database.url = url).await;
    assert_eq!(newest_id(&app, "auth_passkeys").await, 5, "it keeps its id");
    key.origin = app.origin();
    let browser = client();
    let signed_in = app.passkey_sign_in(&browser, &mut key).await;
    assert_eq!(signed_in.status(), reqwest::StatusCode::OK);
    assert_eq!(app.signed_in_name(&browser).await.as_deref(), Some("Ada"));
}
