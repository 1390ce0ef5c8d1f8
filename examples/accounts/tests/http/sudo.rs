//! L11: a borrowed, unlocked browser cannot sign its owner out of their other devices without
//! the password, with JavaScript and without.
use serde_json::Value;

use crate::helpers::{browser, spawn, App, PASSWORD};

/// Past the sudo window (10 minutes by default) that signing in opened.
fn sudo_window_passes(app: &App) {
    app.clock.advance(time::Duration::minutes(11));
}

/// The handle of the session listed in `listed` that is not the caller's own.
fn other(listed: &[Value]) -> String {
    let other = listed.iter().find(|s| s["current"] == false);
    other.expect("another session")["handle"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn l11_ending_another_devices_session_needs_the_password_again() {
    let app = spawn().await;
    let (laptop, phone) = (browser(), browser());
    app.signed_in(&laptop, "ada@example.org").await;
    let form = [("email", "ada@example.org"), ("password", PASSWORD)];
    assert_eq!(app.call(&phone, "sign_in", &form).await.status(), 200);
    let phone_handle = other(&app.sessions(&laptop).await);

    sudo_window_passes(&app);
    let end = [("handle", phone_handle.as_str())];
    let refused = app.call(&laptop, "end_session", &end).await;
    assert_eq!(refused.status(), 403);
    assert_eq!(refused.json::<Value>().await.unwrap(), "SudoRequired");
    assert_eq!(app.sessions(&laptop).await.len(), 2, "nothing ended");

    let wrong = app
        .call(
            &laptop,
            "confirm_password",
            &[("password", "not it at all")],
        )
        .await;
    assert_eq!(wrong.status(), 401);
    assert_eq!(wrong.json::<Value>().await.unwrap(), "WrongPassword");
    let still = app.call(&laptop, "end_session", &end).await;
    assert_eq!(still.status(), 403, "a wrong password opens nothing");

    let confirmed = app
        .call(&laptop, "confirm_password", &[("password", PASSWORD)])
        .await;
    assert_eq!(confirmed.status(), 200);
    assert_eq!(app.call(&laptop, "end_session", &end).await.status(), 200);
    assert_eq!(app.signed_in_as(&phone).await, Value::Null);
    assert_eq!(app.sessions(&laptop).await.len(), 1);

    // Its own session is signing out, which never asks for the password.
    sudo_window_passes(&app);
    let own = app.sessions(&laptop).await[0]["handle"].clone();
    let own = [("handle", own.as_str().unwrap())];
    assert_eq!(app.call(&laptop, "end_session", &own).await.status(), 200);
    assert_eq!(app.signed_in_as(&laptop).await, Value::Null);
}

#[tokio::test]
async fn l11_without_javascript_the_page_asks_for_the_password_and_then_ends_the_session() {
    let app = spawn().await;
    let (laptop, phone) = (browser(), browser());
    app.signed_in(&laptop, "ada@example.org").await;
    let form = [("email", "ada@example.org"), ("password", PASSWORD)];
    assert_eq!(app.call(&phone, "sign_in", &form).await.status(), 200);
    let end = [("handle", other(&app.sessions(&laptop).await))];
    let end = [("handle", end[0].1.as_str())];
    sudo_window_passes(&app);

    // The form's post comes back to the page with the refusal, and the page shows the prompt.
    let back = app.submit(&laptop, "end_session", &end, "/sessions").await;
    assert_eq!(back.status(), 302);
    let page = app.page(&laptop, location(&back)).await;
    assert!(page.contains("auth-confirm-password"), "{page}");
    assert!(page.contains("For your safety, confirm your password"));

    // A wrong password keeps the prompt open, with its refusal.
    let from = location(&back).trim_start_matches(&app.base).to_owned();
    let wrong = [("password", "not it at all")];
    let back = app.submit(&laptop, "confirm_password", &wrong, &from).await;
    let page = app.page(&laptop, location(&back)).await;
    assert!(page.contains("auth-confirm-password"), "{page}");
    assert!(page.contains("That password is not right."), "{page}");

    // The right one sends the browser back to the page without any refusal or prompt.
    let right = [("password", PASSWORD)];
    let back = app.submit(&laptop, "confirm_password", &right, &from).await;
    assert_eq!(location(&back), format!("{}/sessions", app.base));
    let page = app.page(&laptop, location(&back)).await;
    assert!(!page.contains("auth-confirm-password"), "{page}");

    let back = app.submit(&laptop, "end_session", &end, "/sessions").await;
    assert_eq!(location(&back), format!("{}/sessions", app.base));
    assert_eq!(app.signed_in_as(&phone).await, Value::Null);
}

/// Where a redirect sends the browser (Leptos leaves an emptied query's `?`, dropped here).
fn location(response: &reqwest::Response) -> &str {
    let location = response.headers().get("location").expect("a redirect");
    location.to_str().unwrap().trim_end_matches('?')
}

#[test]
fn settings_have_quire_auths_defaults_unless_the_environment_says_otherwise() {
    use accounts_example::server::Settings;
    let read = |pairs: &[(&str, &str)]| {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Settings::read(|name| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        })
    };
    let unset = read(&[]).unwrap();
    assert_eq!(unset.policy.sudo_window.as_secs(), 600);
    assert_eq!(unset.sign_in.per_ip, 10);
    let set = read(&[
        ("SUDO_WINDOW_SECONDS", "4"),
        ("SIGN_IN_FAILURES_PER_IP", "100"),
    ])
    .unwrap();
    assert_eq!(
        (set.policy.sudo_window.as_secs(), set.sign_in.per_ip),
        (4, 100)
    );
    for bad in ["ten minutes", "0", "-1"] {
        let refused = read(&[("SUDO_WINDOW_SECONDS", bad)]).unwrap_err();
        assert!(refused.contains("SUDO_WINDOW_SECONDS"), "{refused}");
    }
}
