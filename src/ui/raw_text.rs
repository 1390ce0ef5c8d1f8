//! Text for `<textarea>` and `<title>`. Leptos 0.8's server renderer (tachys 0.2) writes the
//! children of these elements without escaping (leptos#4819 reverted the fix; the one that keeps
//! hydration working, leptos#4821, is only in 0.9), so user text containing `</textarea>` or
//! `</title>` would end the element and inject markup (checklist X03). The server escapes the
//! text here. In the browser it reaches the DOM as a text node, which is never parsed as HTML,
//! so it is passed through as it is.

/// `&` and `<` escaped on the server: the parser decodes them back inside these elements, so the
/// text arrives byte for byte, `&lt;` and `<!--` included.
pub fn escaped(text: &str) -> String {
    if cfg!(feature = "ssr") {
        text.replace('&', "&amp;").replace('<', "&lt;")
    } else {
        text.to_owned()
    }
}

/// As [`escaped`], led by a newline on the server: the HTML parser drops one newline right after
/// `<textarea>`, so without it a text that begins with a newline would lose it.
pub fn textarea(text: &str) -> String {
    if cfg!(feature = "ssr") {
        format!("\n{}", escaped(text))
    } else {
        text.to_owned()
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    #[test]
    fn x03_raw_text_cannot_close_its_element() {
        let hostile = "</textarea><img src=x onerror=alert(1)>&lt;";
        let text = super::textarea(hostile);
        assert!(!text.contains("</"), "{text}");
        assert_eq!(
            text,
            "\n&lt;/textarea>&lt;img src=x onerror=alert(1)>&amp;lt;"
        );
    }
}
