//! Markdown to safe HTML. pulldown-cmark renders (raw HTML in the source passes through), then
//! ammonia keeps only an allowlist of tags, attributes and URL schemes: no `<script>`, no
//! `on*` handlers, no `javascript:` or `data:` URLs, no SVG. The CSP is a second line of defence,
//! not the first.
use pulldown_cmark::{html, Event, Options, Parser, TagEnd};

fn is_inline(tag: TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link | TagEnd::Image
    )
}

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS
}

/// The version of what `render` and `excerpt` produce. Bump it whenever their output can
/// change (Markdown options, the sanitiser's policy, an upgrade of either crate): stored posts
/// made by another version are rendered again. The golden test below fails when the output
/// changes, as a reminder.
pub const RENDERER_VERSION: i64 = 1;

/// A post's body as stored next to it: sanitised HTML and a plain-text excerpt for lists.
pub struct Rendered {
    pub html: String,
    pub excerpt: String,
}

pub fn render_post(markdown: &str) -> Rendered {
    Rendered {
        html: render(markdown),
        excerpt: excerpt(markdown, EXCERPT_CHARS),
    }
}

pub const EXCERPT_CHARS: usize = 240;

pub fn render(markdown: &str) -> String {
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, Parser::new_ext(markdown, options()));
    ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer nofollow ugc"))
        .clean(&unsafe_html)
        .to_string()
}

/// The first `max_chars` of the post's text, without markup, for lists. Shown escaped.
pub fn excerpt(markdown: &str, max_chars: usize) -> String {
    let mut text = String::new();
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            // Block boundaries are word boundaries, at their start too: a nested list begins
            // inside an item whose text has not ended.
            Event::End(tag) if !is_inline(tag) => text.push(' '),
            Event::Start(tag) if !is_inline(tag.to_end()) => text.push(' '),
            _ => {}
        }
        if text.chars().count() > max_chars * 2 {
            break;
        }
    }
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if words.chars().count() <= max_chars {
        return words;
    }
    let cut: String = words.chars().take(max_chars).collect();
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn x01_markdown_keeps_formatting_and_drops_active_content() {
        let html = render("# Hi\n\n*there* [ok](https://example.com) <script>alert(1)</script>");
        assert!(html.contains("<h1>Hi</h1>"), "{html}");
        assert!(html.contains("<em>there</em>"), "{html}");
        assert!(html.contains("href=\"https://example.com\""), "{html}");
        assert!(!html.contains("<script"), "{html}");
        let html = render("[x](javascript:alert(1)) <img src=x onerror=alert(1)>");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
    }

    /// If this fails, the renderer's output changed: bump `RENDERER_VERSION` so stored posts
    /// are rendered again, then update the expected output here.
    #[test]
    fn x06_renderer_output_is_pinned_to_its_version() {
        let golden =
            "# T\n\n*e* **s** [l](https://x.org) <b onclick=x>b</b> <script>s</script>\n\n\
                      | a |\n|---|\n| 1 |\n\n- [x] done\n\n~~gone~~";
        let expected = "<h1>T</h1>\n<p><em>e</em> <strong>s</strong> <a href=\"https://x.org\" \
                        rel=\"noopener noreferrer nofollow ugc\">l</a> <b>b</b> </p>\n<table>";
        let html = render(golden);
        assert_eq!(RENDERER_VERSION, 1);
        assert!(html.starts_with(expected), "{html}");
        assert!(
            html.contains("<del>gone</del>") && !html.contains("script"),
            "{html}"
        );
        assert_eq!(render_post(golden).excerpt, "T e s l b s a 1 done gone");
    }

    #[test]
    fn excerpts_keep_words_of_list_items_apart() {
        let markdown = "- Sessions live on the server\n  - Read permissions fresh\n- Tables | too";
        assert_eq!(
            excerpt(markdown, 200),
            "Sessions live on the server Read permissions fresh Tables | too"
        );
    }

    #[test]
    fn excerpts_are_plain_text_and_bounded() {
        assert_eq!(
            excerpt("# Title\n\nSome **bold** text.", 100),
            "Title Some bold text."
        );
        let long = "word ".repeat(100);
        let short = excerpt(&long, 20);
        assert!(
            short.ends_with('…') && short.chars().count() <= 21,
            "{short}"
        );
    }
}
