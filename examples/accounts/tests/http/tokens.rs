//! The tokens page's server side as an adopter wires it (`AuthServer::tokens`): a personal
//! token made in sudo mode (T03), its secret shown once with JavaScript and without (T02),
//! refused input that stores nothing, and revocation from the next request on (T04).
use serde_json::Value;

use crate::helpers::{browser, spawn, App, PASSWORD};

const READ: [(&str, &str); 3] = [
    ("name", "Backup script"),
    ("scopes[]", "account:read"),
    ("expires_days", "30"),
];

/// `GET /api/v1/me` with `token`: its status, and the body when it answered.
async fn me(app: &App, token: &str) -> (u16, Value) {
    let client = reqwest::Client::new();
    let url = format!("{}/api/v1/me", app.base);
    let answer = client.get(url).bearer_auth(token).send().await.unwrap();
    let status = answer.status().as_u16();
    (status, answer.json().await.unwrap_or(Value::Null))
}

/// A form, and the status and body it is refused with.
type Refused = (&'static [(&'static str, &'static str)], u16, &'static str);

async fn listed(app: &App, client: &reqwest::Client) -> Vec<Value> {
    let page: Value = app.call(client, "tokens", &[]).await.json().await.unwrap();
    page["tokens"].as_array().unwrap().clone()
}

#[tokio::test]
async fn t03_a_token_is_made_in_sudo_mode_works_once_made_and_not_once_revoked() {
    let app = spawn().await;
    let laptop = browser();
    app.signed_in(&laptop, "ada@example.org").await;

    // Past the sudo window that signing in opened: the password is asked again first.
    app.clock.advance(time::Duration::minutes(11));
    let refused = app.call(&laptop, "create_token", &READ).await;
    assert_eq!(refused.status(), 403);
    assert_eq!(refused.json::<Value>().await.unwrap(), "SudoRequired");
    assert!(listed(&app, &laptop).await.is_empty(), "nothing made");
    let confirm = [("password", PASSWORD)];
    assert_eq!(
        app.call(&laptop, "confirm_password", &confirm)
            .await
            .status(),
        200
    );

    let made = app.call(&laptop, "create_token", &READ).await;
    assert_eq!(made.status(), 200);
    let token = made.json::<Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(token.starts_with("accounts_pat_"), "{token}");
    let (status, who) = me(&app, &token).await;
    assert_eq!(status, 200);
    assert_eq!(who["email"], "ada@example.org");

    // The list names it by its ends, never by its secret.
    let tokens = listed(&app, &laptop).await;
    assert_eq!(tokens.len(), 1);
    assert_eq!(tokens[0]["name"], "Backup script");
    assert_eq!(tokens[0]["scopes"], serde_json::json!(["account:read"]));
    assert_eq!(
        tokens[0]["last4"].as_str().unwrap(),
        &token[token.len() - 4..]
    );
    let page = app.call(&laptop, "tokens", &[]).await.text().await.unwrap();
    assert!(!page.contains(&token), "the secret is shown once: {page}");

    let id = tokens[0]["id"].to_string();
    let revoked = app
        .call(&laptop, "revoke_token", &[("id", id.as_str())])
        .await;
    assert_eq!(revoked.status(), 200);
    assert_eq!(
        me(&app, &token).await.0,
        401,
        "refused from its next request on"
    );
    assert!(listed(&app, &laptop).await.is_empty());
    let again = app
        .call(&laptop, "revoke_token", &[("id", id.as_str())])
        .await;
    assert_eq!(again.status(), 404);
    assert_eq!(again.json::<Value>().await.unwrap(), "NoSuchToken");
}

#[tokio::test]
async fn t03_a_token_needs_a_name_a_scope_the_app_offers_and_a_lifetime_it_offers() {
    let app = spawn().await;
    let laptop = browser();
    app.signed_in(&laptop, "ada@example.org").await;
    let refusals: [Refused; 5] = [
        (
            &[
                ("name", " "),
                ("scopes[]", "account:read"),
                ("expires_days", "30"),
            ],
            422,
            "\"InvalidTokenName\"",
        ),
        (
            &[("name", "x"), ("expires_days", "30")],
            422,
            "\"NoScopes\"",
        ),
        (
            &[("name", "x"), ("scopes[]", "admin"), ("expires_days", "30")],
            400,
            "\"BadRequest\"",
        ),
        (
            &[
                ("name", "x"),
                ("scopes[]", "account:read"),
                ("expires_days", "3650"),
            ],
            400,
            "\"BadRequest\"",
        ),
        (
            &[
                ("name", "x"),
                ("scopes[]", "account:read"),
                ("expires_days", "soon"),
            ],
            400,
            "\"BadRequest\"",
        ),
    ];
    for (form, status, error) in refusals {
        let refused = app.call(&laptop, "create_token", form).await;
        assert_eq!(refused.status(), status, "{form:?}");
        assert_eq!(refused.text().await.unwrap(), error, "{form:?}");
    }
    assert!(listed(&app, &laptop).await.is_empty(), "nothing was stored");

    // Signed out, there is nothing to list or make.
    let stranger = browser();
    assert_eq!(app.call(&stranger, "tokens", &[]).await.status(), 401);
    assert_eq!(
        app.call(&stranger, "create_token", &READ).await.status(),
        401
    );
}

#[tokio::test]
async fn t04_a_token_of_another_account_cannot_be_revoked() {
    let app = spawn().await;
    let (ada, eve) = (browser(), browser());
    app.signed_in(&ada, "ada@example.org").await;
    app.signed_in(&eve, "eve@example.org").await;
    let made = app.call(&ada, "create_token", &READ).await;
    let token = made.json::<Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let id = listed(&app, &ada).await[0]["id"].to_string();

    let refused = app.call(&eve, "revoke_token", &[("id", id.as_str())]).await;
    assert_eq!(refused.status(), 404);
    assert_eq!(me(&app, &token).await.0, 200, "still live");
    assert!(
        listed(&app, &eve).await.is_empty(),
        "Eve sees none of Ada's"
    );
}

#[tokio::test]
async fn t02_without_javascript_the_new_token_is_shown_once_on_the_page() {
    let app = spawn().await;
    let laptop = browser();
    app.signed_in(&laptop, "ada@example.org").await;

    let back = app.submit(&laptop, "create_token", &READ, "/tokens").await;
    assert_eq!(back.status(), 302);
    let cookie = back.headers().get_all("set-cookie").iter();
    let cookie: Vec<&str> = cookie.map(|v| v.to_str().unwrap()).collect();
    let carried = cookie
        .iter()
        .find(|c| c.starts_with("__Host-auth-new-token="));
    let carried = carried.expect("a cookie carries the token to the page");
    assert!(
        carried.contains("HttpOnly") && carried.contains("Max-Age=60"),
        "{carried}"
    );

    let page = app.page(&laptop, "/tokens").await;
    let shown = page.split("auth-new-token").nth(1);
    let shown = shown.and_then(|rest| rest.split("<code>").nth(1)?.split("</code>").next());
    let token = shown.expect("the new token on the page").to_owned();
    assert!(page.contains("It will not be shown again."), "{page}");
    assert_eq!(me(&app, &token).await.0, 200);
    let page = app.page(&laptop, "/tokens").await;
    assert!(!page.contains(&token), "shown once: {page}");
    assert!(page.contains("Backup script"), "{page}");
}
