//! X01: hostile Markdown and comments are stored as given and rendered inert.
use crate::helpers::*;
use reqwest::StatusCode;

/// Script tags, event handlers, `javascript:` URLs, SVG, and entity-encoded variants.
const PAYLOADS: &[&str] = &[
    "<script>alert('xss-1')</script>",
    "<img src=x onerror=\"alert('xss-2')\">",
    "[click](javascript:alert('xss-3'))",
    "<a href=\"javascript:alert('xss-4')\">link</a>",
    "<svg onload=\"alert('xss-5')\"><circle r=\"1\"/></svg>",
    "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert('xss-6')\">x</a>",
    "<a href=\"jav&#x09;ascript:alert('xss-7')\">y</a>",
    "<iframe src=\"javascript:alert('xss-8')\"></iframe>",
    "<div style=\"background:url(javascript:alert('xss-9'))\" onclick=\"alert('xss-10')\">z</div>",
    "</textarea><script>alert('xss-11')</script>",
    "![img](javascript:alert('xss-12'))",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('xss-13')>",
    "\"><script>alert('xss-14')</script><!--",
];

/// The part of `html` between `start` and the next `end`.
fn section<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("{start} missing"));
    let to = html[from..].find(end).map_or(html.len(), |i| from + i);
    &html[from..to]
}

/// No active markup: the sanitiser removed handlers and dangerous URLs along with the tags.
fn assert_inert(fragment: &str, context: &str) {
    let lower = fragment.to_lowercase();
    for active in [
        "<script",
        "onerror",
        "onload",
        "onclick",
        "javascript:",
        "<svg",
        "<iframe",
        "<style",
        "<math",
    ] {
        assert!(
            !lower.contains(active),
            "{context}: `{active}` survived in {fragment}"
        );
    }
}

/// Text only: the payload's tags are escaped, so none of them is an element.
fn assert_text_only(fragment: &str, context: &str) {
    let lower = fragment.to_lowercase();
    for tag in [
        "<script",
        "<img",
        "<svg",
        "<iframe",
        "<a ",
        "<div",
        "<math",
        "<style",
        "<textarea",
    ] {
        assert!(
            !lower.contains(tag),
            "{context}: `{tag}` is an element in {fragment}"
        );
    }
}

#[tokio::test]
async fn x01_hostile_markdown_and_comments_are_rendered_inert() {
    let app = spawn_app().await;
    let author = app.user_with_role("ada@example.org", "Ada", "author").await;
    let reader = app.user_with_role("bo@example.org", "Bo", "reader").await;
    let body = format!("# Safe heading\n\n{}", PAYLOADS.join("\n\n"));
    let title = "</title><script>alert('title')</script>";
    let slug = app.new_post(&author, title, &body, true).await;
    for payload in PAYLOADS {
        let form = [("slug", slug.as_str()), ("body", payload)];
        assert_eq!(
            app.call(&reader, "add_comment", &form).await.status(),
            StatusCode::OK
        );
    }
    let html = app.page(&client(), &format!("/posts/{slug}")).await;

    let prose = section(&html, "<div class=\"prose\">", "</article>");
    assert!(
        prose.contains("<h1>Safe heading</h1>"),
        "Markdown still renders"
    );
    assert_inert(prose, "post body");
    let comments = section(&html, "<ol class=\"comment-list\">", "</ol>");
    assert_text_only(comments, "comments");
    assert!(
        comments.contains("&lt;script&gt;alert("),
        "comment markup is shown as text"
    );
    // Everything the page carries, including the data serialised for hydration, keeps the
    // payloads from closing a tag or a script early.
    for n in 1..=14 {
        let raw = format!("alert('xss-{n}')</script>");
        assert!(!html.contains(&raw), "payload {n} appears raw in the page");
    }
    assert!(
        !html.contains("<script>alert('title')"),
        "titles are text, in <title> too"
    );
    assert!(
        html.contains("<title>&lt;/title>&lt;script>alert('title')"),
        "and still shown"
    );
    let list = app.page(&client(), "/").await;
    assert!(!list.contains("<script>alert("), "excerpts are text");
}

#[tokio::test]
async fn x01_the_preview_uses_the_same_sanitiser() {
    let app = spawn_app().await;
    let author = app.user_with_role("ada@example.org", "Ada", "author").await;
    for payload in PAYLOADS {
        let response = app
            .call(&author, "preview_markdown", &[("body", payload)])
            .await;
        assert_eq!(response.status(), StatusCode::OK);
        let html: String = response.json().await.unwrap();
        assert_inert(&html, payload);
    }
}
