//! The mail queue against a real SMTP server (checklist M04, M05, M06, M07): nothing lost while SMTP
//! is down, nothing sent twice by two workers, failures given up on and shown to admins,
//! notices sent, and the development outbox.
use crate::helpers::*;
use reqwest::StatusCode;
use std::time::Duration;

/// The reset message's row in the queue: status, attempts, last error.
async fn queue_row(app: &TestApp) -> (String, i64, Option<String>) {
    quire_auth::on_db!(app.db, |exe| sqlx::query_as(
        "SELECT status, attempts, last_error FROM mail_queue WHERE subject = $1"
    )
    .bind(RESET_SUBJECT)
    .fetch_one(exe)
    .await)
    .unwrap()
}

/// Puts a message straight into the queue, as a feature's transaction would.
async fn queue(app: &TestApp, to: &str, subject: &str) {
    quire_auth::on_db!(app.db, |exe| sqlx::query(
        "INSERT INTO mail_queue (recipient, recipient_name, subject, text_body, html_body, \
                                 next_attempt_at, created_at) VALUES ($1, 'N', $2, 't', 'h', 0, 0)",
    )
    .bind(to)
    .bind(subject)
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))
    .unwrap();
}

/// Waits until the worker has tried the reset message `attempts` times and let go of it (an
/// attempt is counted when the message is claimed, before the send fails). One statement reads
/// both columns: read apart, a claim landing between them looked like a finished attempt.
async fn tried(app: &TestApp, attempts: i64) {
    let let_go = format!(
        "SELECT COUNT(*) FROM mail_queue WHERE subject = '{RESET_SUBJECT}' \
         AND claimed_until IS NULL AND attempts >= $1"
    );
    for _ in 0..200 {
        let count: i64 = quire_auth::on_db!(app.db, |exe| sqlx::query_scalar(&let_go)
            .bind(attempts)
            .fetch_one(exe)
            .await)
        .unwrap();
        if count == 1 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("the worker did not try {attempts} time(s)");
}

#[tokio::test]
async fn m04_mail_queued_while_smtp_is_down_arrives_once_it_is_back() {
    let (app, mut sink) = spawn_app_with_sink().await;
    app.register(&client(), EMAIL, "Ada").await;
    sink.wait_about("Confirm your address for Quire", 1).await;
    sink.stop();
    let answered = app.request_reset(&client(), EMAIL).await;
    assert_eq!(
        answered.status(),
        StatusCode::FOUND,
        "the request does not wait for SMTP"
    );
    tried(&app, 1).await;
    let (status, _, error) = queue_row(&app).await;
    assert_eq!(status, "queued");
    assert!(error.is_some());

    sink.restart();
    app.clock.advance(time::Duration::seconds(31));
    app.state.mail_wake.notify_one();
    sink.wait_about(RESET_SUBJECT, 1).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(sink.about(RESET_SUBJECT).len(), 1);
    assert_eq!(queue_row(&app).await.0, "sent");
}

#[tokio::test]
async fn m04_two_workers_send_each_message_once() {
    let sink = SmtpSink::start();
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database_url(dir.path()).await;
    let shared = |c: &mut quire::server::config::Config| {
        sink.configure(c);
        c.database.url = url.clone();
    };
    let (one, two) = (spawn_app_with(shared).await, spawn_app_with(shared).await);
    for n in 0..30 {
        queue(&one, &format!("n{n}@example.org"), "Hi").await;
    }
    one.state.mail_wake.notify_one();
    two.state.mail_wake.notify_one();
    sink.wait_for(30).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let mut recipients: Vec<String> = sink
        .messages()
        .iter()
        .map(|m| m.lines().next().unwrap().to_owned())
        .collect();
    assert_eq!(recipients.len(), 30, "each message sent once");
    recipients.dedup();
    recipients.sort();
    recipients.dedup();
    assert_eq!(recipients.len(), 30);
}

#[tokio::test]
async fn m04_a_message_that_keeps_failing_is_given_up_and_audited() {
    let mut sink = SmtpSink::start();
    sink.stop();
    let app = spawn_app_with(|c| {
        sink.configure(c);
        c.mail.max_attempts = 2;
    })
    .await;
    queue(&app, EMAIL, RESET_SUBJECT).await;
    app.state.mail_wake.notify_one();
    tried(&app, 1).await;
    app.clock.advance(time::Duration::seconds(31));
    app.state.mail_wake.notify_one();
    tried(&app, 2).await;
    let failures = "SELECT COUNT(*) FROM audit_log WHERE event = 'mail_failed'";
    for _ in 0..100 {
        let audited: i64 = quire_auth::on_db!(app.db, |exe| sqlx::query_scalar(failures)
            .fetch_one(exe)
            .await)
        .unwrap();
        if audited > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(queue_row(&app).await.0, "failed");
    let body: String = quire_auth::on_db!(app.db, |exe| sqlx::query_scalar(
        "SELECT text_body FROM mail_queue WHERE status = 'failed'"
    )
    .fetch_one(exe)
    .await)
    .unwrap();
    assert_eq!(body, "", "a link in a message given up on is erased too");
    let audited: i64 = quire_auth::on_db!(app.db, |exe| sqlx::query_scalar(failures)
        .fetch_one(exe)
        .await)
    .unwrap();
    assert_eq!(audited, 1);
    let admin = client();
    app.first_admin(&admin).await;
    let console = app.page(&admin, "/admin/audit").await;
    assert!(
        console.contains("1 message(s) could not be sent"),
        "{console}"
    );
}

#[tokio::test]
async fn m06_changing_the_password_sends_a_notice() {
    let (app, sink) = spawn_app_with_sink().await;
    let browser = client();
    app.register(&browser, EMAIL, "Ada").await;
    let changed = app
        .call(
            &browser,
            "change_password",
            &[
                ("current_password", PASSWORD),
                ("new_password", NEW_PASSWORD),
            ],
        )
        .await;
    assert!(changed.status().is_success(), "{}", changed.status());
    let notice = decoded(&sink.wait_about("Your Quire password was changed", 1).await[0]);
    assert!(
        notice.contains("Subject: Your Quire password was changed"),
        "{notice}"
    );
    assert!(notice.contains(&format!("{}/forgot-password", app.origin())));
    assert!(
        notice.contains("Content-Type: text/html"),
        "an HTML alternative"
    );
}

#[tokio::test]
async fn m07_the_outbox_page_shows_links_in_development_only() {
    let app = spawn_app().await;
    app.register(&client(), EMAIL, "Ada").await;
    app.request_reset(&client(), EMAIL).await;
    let mut page = String::new();
    for _ in 0..100 {
        page = app.page(&client(), "/outbox").await;
        if page.contains("/reset-password/open?token=") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(page.contains("Reset your Quire password"), "{page}");
    assert!(page.contains(&format!(
        "href=\"{}/reset-password/open?token=",
        app.origin()
    )));

    let production = spawn_app_with(|c| {
        c.site.production = true;
        c.site.origin = "http://localhost".into(); // production refuses passkeys by IP
        c.mail.allow_outbox_in_production = true;
    })
    .await;
    let status = production.status_of(&client(), "/outbox").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn m05_a_name_with_cr_lf_never_reaches_a_mail_header() {
    let (app, sink) = spawn_app_with_sink().await;
    let refused = app
        .register(&client(), "eve@example.org", "Eve\r\nBcc: x@evil.test")
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    app.register(&client(), EMAIL, "Ada").await;
    // As if an older version had let it in.
    quire_auth::on_db!(app.db, |exe| sqlx::query(
        "UPDATE users SET display_name = 'Ada\r\nBcc: eve@evil.test'"
    )
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))
    .unwrap();
    app.request_reset(&client(), EMAIL).await;
    let message = &sink.wait_about(RESET_SUBJECT, 1).await[0];
    let headers = message.split("\r\n\r\n").next().unwrap();
    assert!(
        headers.starts_with("X-Sink-Rcpt: ada@example.org\r\n"),
        "{headers}"
    );
    assert!(
        !headers.contains("Bcc:") && !headers.contains("evil"),
        "{headers}"
    );
}
