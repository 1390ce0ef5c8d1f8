//! The rules for a post's fields, and the slug made from its title.
use super::api::{BODY_MAX_BYTES, TITLE_MAX_CHARS};
use crate::error::{AppError, Checks};
use crate::posts::messages;

/// A post's fields after every rule has passed.
pub struct PostInput {
    pub title: String,
    pub body: String,
    pub published: bool,
}

impl PostInput {
    pub fn parse(title: &str, body: String, published: bool) -> Result<Self, AppError> {
        let mut checks = Checks::default();
        let title = title.trim();
        let title_ok = if title.is_empty() {
            Err(messages::TITLE_MISSING)
        } else if title.chars().count() > TITLE_MAX_CHARS {
            Err(messages::TITLE_TOO_LONG)
        } else {
            Ok(title.to_owned())
        };
        let title = checks.check("title", title_ok);
        let body_ok = if body.trim().is_empty() {
            Err(messages::BODY_MISSING)
        } else if body.len() > BODY_MAX_BYTES {
            Err(messages::BODY_TOO_LONG)
        } else {
            Ok(())
        };
        checks.check("body", body_ok);
        checks.finish()?;
        Ok(Self {
            title: title.ok_or(AppError::BadRequest)?,
            body,
            published,
        })
    }
}

/// A URL-safe slug from a title: lower-case ASCII letters and digits joined by hyphens.
pub fn slugify(title: &str) -> String {
    let mut slug = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
        if slug.len() >= 60 {
            break;
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "post".into()
    } else {
        slug.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_url_safe() {
        assert_eq!(slugify("Hello, World!"), "hello-world");
        assert_eq!(slugify("  Rust & Leptos 0.8  "), "rust-leptos-0-8");
        assert_eq!(slugify("日本語"), "post");
        assert_eq!(
            slugify("<script>alert(1)</script>"),
            "script-alert-1-script"
        );
        assert!(slugify(&"long ".repeat(50)).len() <= 61);
    }
}
