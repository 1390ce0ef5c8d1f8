//! Address verification as an adopter gets it: a link mailed at registration (and only for a
//! new address), opened into a cookie without changing anything (C02), confirmed once by a
//! button (M01's link rules).
use crate::helpers::*;

const EMAIL: &str = "ada@example.org";

async fn verified(app: &App) -> bool {
    quire_auth::on_db!(app.db, |exe| sqlx::query_scalar(
        "SELECT email_verified FROM auth_accounts WHERE email = $1"
    )
    .bind(EMAIL)
    .fetch_one(exe)
    .await)
    .unwrap()
}

#[tokio::test]
async fn m01_a_new_address_gets_a_link_that_confirms_it_once_and_only_by_a_button() {
    let app = spawn().await;
    let form = [("email", EMAIL), ("password", PASSWORD)];
    assert_eq!(app.call(&browser(), "register", &form).await.status(), 200);
    assert_eq!(app.call(&browser(), "register", &form).await.status(), 200);
    let sent = app.outbox.sent("verify_link", 2).await;
    assert_eq!(sent.len(), 1, "the taken address gets nothing: {sent:?}");
    let link = sent[0].1.replace("localhost", "127.0.0.1");
    assert_eq!(sent[0].0, EMAIL);

    let phone = browser();
    let opened = phone.get(&link).send().await.unwrap();
    assert_eq!(opened.status(), 303);
    assert_eq!(opened.headers()["location"], "/verify-email");
    assert_eq!(opened.headers()["referrer-policy"], "no-referrer");
    assert!(!verified(&app).await, "opening the link changes nothing");

    let confirmed = app
        .submit(&phone, "confirm_email", &[], "/verify-email")
        .await;
    assert_eq!(confirmed.headers()["location"], "/?verified");
    assert!(verified(&app).await);
    assert_eq!(phone.get(&link).send().await.unwrap().status(), 303);
    let again = app.call(&phone, "confirm_email", &[]).await;
    assert_eq!(again.status(), 410, "the link works once");
    let stranger = browser();
    let no_link = app.call(&stranger, "confirm_email", &[]).await;
    assert_eq!(no_link.status(), 410);
}
