//! X03 and X05: pages are parsed as a browser would parse them (html5ever), not grepped.
//! Hostile text in every field a user controls never turns into markup, the editor gives a
//! body back byte for byte, and the CSP nonce appears only in `nonce` attributes.
use crate::helpers::*;
use reqwest::{header, Client, StatusCode};
use scraper::{Html, Selector};

/// Closes every raw-text element and both attribute quotes, then plants an element that carries
/// `data-xss`, an attribute nothing in Quire renders. At most 60 characters: a display name.
const HOSTILE: &str = "</title></textarea></script>\"'><b data-xss>x<!--";

fn parse(html: &str) -> Html {
    Html::parse_document(html)
}

fn select<'a>(document: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    document.select(&Selector::parse(css).unwrap()).collect()
}

fn encoded(text: &str) -> String {
    serde_urlencoded::to_string([("v", text)]).unwrap()[2..].to_owned()
}

/// A site where the admin, an author and a reader all put `HOSTILE` everywhere they can.
async fn hostile_site() -> (TestApp, Client, Client, String) {
    let app = spawn_app().await;
    let hostile_agent = || {
        Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(HOSTILE)
            .build()
            .unwrap()
    };
    let admin = hostile_agent();
    let setup = [
        ("email", "root@example.org"),
        ("display_name", HOSTILE),
        ("password", PASSWORD),
    ];
    let created = app.call(&admin, "create_first_admin", &setup).await;
    assert_eq!(created.status(), StatusCode::OK);
    let author = hostile_agent();
    app.register(&author, "ada@example.org", HOSTILE).await;
    app.set_role("ada@example.org", "author").await;
    let body = format!("{HOSTILE}\n\n*Markdown* <b data-xss>y</b> {HOSTILE}");
    let slug = app.new_post(&author, HOSTILE, &body, true).await;
    let reader = app
        .user_with_role("bo@example.org", HOSTILE, "reader")
        .await;
    let comment = [("slug", slug.as_str()), ("body", HOSTILE)];
    assert_eq!(
        app.call(&reader, "add_comment", &comment).await.status(),
        StatusCode::OK
    );
    let token = [
        ("name", HOSTILE),
        ("expires_days", "30"),
        ("profile_read", "on"),
    ];
    let made = app.call(&author, "create_token", &token).await;
    assert_eq!(made.status(), StatusCode::OK);
    (app, admin, author, slug)
}

fn assert_no_injected_markup(html: &str, page: &str) {
    let document = parse(html);
    let injected = select(&document, "[data-xss]");
    assert!(injected.is_empty(), "{page}: {:?}", injected[0].html());
    assert!(
        select(&document, "meta[http-equiv]").is_empty(),
        "{page}: meta"
    );
    assert_eq!(select(&document, "title").len(), 1, "{page}: one title");
}

#[tokio::test]
async fn x03_hostile_text_in_every_user_field_renders_as_text_on_every_page() {
    let (app, admin, author, slug) = hostile_site().await;
    let ada = app.user_id("ada@example.org").await;
    let q = encoded(HOSTILE);
    let pages = [
        "/".to_owned(),
        format!("/posts/{slug}"),
        format!("/posts/{slug}/edit"),
        "/my-posts".into(),
        "/account/sessions".into(),
        "/account/tokens".into(),
        "/account/password".into(),
        "/admin/users".into(),
        format!("/admin/users?q={q}"),
        "/admin/moderation".into(),
        "/admin/audit".into(),
        format!("/admin/audit?user={q}&event={q}"),
        format!("/admin/tokens?user={ada}"),
        format!("/posts/{q}"),
        format!("/no-such-page/{q}"),
    ];
    for viewer in [&admin, &author] {
        for page in &pages {
            let response = viewer.get(app.url(page)).send().await.unwrap();
            assert!(!response.status().is_server_error(), "{page}");
            assert_no_injected_markup(&response.text().await.unwrap(), page);
        }
    }
    // The same text still shows, as text: escaping did not just delete it.
    let post = app.page(&author, &format!("/posts/{slug}")).await;
    let title = select(&parse(&post), "h1")
        .iter()
        .map(|h| h.text().collect::<String>())
        .collect::<Vec<_>>();
    assert!(title.contains(&HOSTILE.to_owned()), "{title:?}");
}

#[tokio::test]
async fn x03_the_editor_gives_a_body_back_byte_for_byte() {
    let app = spawn_app().await;
    let author = app.user_with_role("ada@example.org", "Ada", "author").await;
    let body = "\nfirst line</textarea><b data-xss>x</b> &lt; &amp; <!-- c -->\n\tlast";
    let slug = app.new_post(&author, "Round trip", body, false).await;
    let editor = app.page(&author, &format!("/posts/{slug}/edit")).await;
    let document = parse(&editor);
    let areas = select(&document, "textarea#field-body");
    let shown: String = areas[0].text().collect();
    assert_eq!(shown, body, "the textarea holds the body exactly");
    assert!(select(&document, "[data-xss]").is_empty());
    // Saving the form unchanged, as a browser without JavaScript would, changes nothing.
    let saved = app
        .save_post(&author, Some(&slug), "Round trip", &shown, false)
        .await;
    assert_eq!(saved.status(), StatusCode::OK);
    let stored: String = quire_auth::on_db!(app.db, |exe| sqlx::query_scalar(
        "SELECT body FROM posts WHERE slug = $1"
    )
    .bind(&slug)
    .fetch_one(exe)
    .await)
    .unwrap();
    assert_eq!(stored, body);
}

#[tokio::test]
async fn x05_the_csp_nonce_appears_only_in_nonce_attributes() {
    let app = spawn_app().await;
    let response = client().get(app.url("/sign-in")).send().await.unwrap();
    let policy = response.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .to_owned();
    let nonce = policy
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a nonce in the policy")
        .to_owned();
    let document = parse(&response.text().await.unwrap());
    let mut carriers = 0;
    for element in select(&document, "*") {
        for (name, value) in element.value().attrs() {
            if value.contains(&nonce) {
                assert_eq!(name, "nonce", "<{}> leaks it", element.value().name());
                carriers += 1;
            }
        }
    }
    assert!(carriers > 0, "the hydration script carries the nonce");
}

#[tokio::test]
async fn x04_a_crafted_error_link_cannot_put_its_own_words_on_the_page() {
    use base64::{engine::general_purpose::URL_SAFE, Engine};
    let app = spawn_app().await;
    let page = |error: &str| {
        let err = URL_SAFE.encode(error);
        format!("/sign-in?__path=/api/sign_in&__err={err}")
    };
    let spoof = "Your account is locked. Call +1 555 0100 now.";
    let crafted = format!(r#"{{"Invalid":[{{"field":"email","message":"{spoof}"}}]}}"#);
    let html = app.page(&client(), &page(&crafted)).await;
    assert!(!html.contains(spoof), "the crafted text is not shown");
    // A real error from the catalogue still comes through the same way.
    let known = r#"{"Invalid":[{"field":"email","message":"email_invalid"}]}"#;
    let html = app.page(&client(), &page(known)).await;
    assert!(html.contains("Enter a valid e-mail address."));
}
