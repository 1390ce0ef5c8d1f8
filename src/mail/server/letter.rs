//! A message to one person, made of plain parts so that the text and the HTML alternative say
//! the same thing. Links are built by callers from `site.origin`, never from a request's `Host`.

pub struct Letter {
    pub to: String,
    /// Shown in the `To` header only when it is safe there (see `queue::header_safe`).
    pub to_name: String,
    pub subject: String,
    pub greeting: String,
    pub paragraphs: Vec<String>,
    /// A button in HTML, a bare line in text: (label, absolute URL).
    pub action: Option<(String, String)>,
    /// Paragraphs after the action, such as "If this was not you, …".
    pub after: Vec<String>,
}

impl Letter {
    pub fn new(to: &str, to_name: &str, subject: &str) -> Self {
        Self {
            to: to.to_owned(),
            to_name: to_name.to_owned(),
            subject: subject.to_owned(),
            greeting: if to_name.is_empty() {
                "Hello,".into()
            } else {
                format!("Hello {to_name},")
            },
            paragraphs: Vec::new(),
            action: None,
            after: Vec::new(),
        }
    }

    pub fn say(mut self, paragraph: impl Into<String>) -> Self {
        let target = if self.action.is_some() {
            &mut self.after
        } else {
            &mut self.paragraphs
        };
        target.push(paragraph.into());
        self
    }

    pub fn action(mut self, label: &str, url: String) -> Self {
        self.action = Some((label.to_owned(), url));
        self
    }

    pub fn text(&self, origin: &str) -> String {
        let mut out = format!("{}\n\n", self.greeting);
        for p in &self.paragraphs {
            out.push_str(&format!("{p}\n\n"));
        }
        if let Some((label, url)) = &self.action {
            out.push_str(&format!("{label}:\n{url}\n\n"));
        }
        for p in &self.after {
            out.push_str(&format!("{p}\n\n"));
        }
        out.push_str(&format!("-- \nQuire, {origin}\n"));
        out
    }

    /// Everything user-supplied is escaped; no images, no tracking, no external resources.
    pub fn html(&self, origin: &str) -> String {
        let para = |p: &String| format!("<p>{}</p>\n", escaped(p));
        let mut out = String::from(
            "<!DOCTYPE html>\n<html><body style=\"font-family: sans-serif; line-height: 1.5\">\n",
        );
        out.push_str(&para(&self.greeting));
        self.paragraphs.iter().for_each(|p| out.push_str(&para(p)));
        if let Some((label, url)) = &self.action {
            out.push_str(&format!(
                "<p><a href=\"{url}\">{label}</a></p>\n<p>{url}</p>\n",
                url = escaped(url),
                label = escaped(label)
            ));
        }
        self.after.iter().for_each(|p| out.push_str(&para(p)));
        out.push_str(&format!(
            "<p>-- <br>Quire, {}</p>\n</body></html>\n",
            escaped(origin)
        ));
        out
    }
}

/// Text for HTML element content and quoted attribute values.
fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `ada@example.org` → `a**@example.org`: enough for the owner to recognise, not to read off.
pub fn mask_address(address: &str) -> String {
    match address.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}**@{domain}")
        }
        None => "***".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_html_carry_the_same_parts_and_html_is_escaped() {
        let letter = Letter::new("a@b.test", "<Ada>", "Hi")
            .say("First")
            .action("Open", "http://x.test/a?b=1&c=2".into())
            .say("After");
        let text = letter.text("http://x.test");
        assert!(
            text.starts_with("Hello <Ada>,\n\nFirst\n\nOpen:\nhttp://x.test/a?b=1&c=2\n\nAfter")
        );
        let html = letter.html("http://x.test");
        assert!(html.contains("Hello &lt;Ada&gt;,"), "{html}");
        assert!(
            html.contains("href=\"http://x.test/a?b=1&amp;c=2\""),
            "{html}"
        );
        assert!(!html.contains("<Ada>"));
    }

    #[test]
    fn addresses_are_masked_to_their_first_letter_and_domain() {
        assert_eq!(mask_address("ada@example.org"), "a**@example.org");
        assert_eq!(mask_address("nonsense"), "***");
    }
}
