//! One page of a longer list, and the links between pages.
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// Every list shows at most this many rows a page: no page renders an unbounded list.
pub const PER_PAGE: u32 = 20;

/// A 1-based page number. Zero cannot be made, so it is refused (400) wherever a page number
/// comes in: a server function's argument, an API query, a page's URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct Page(u32);

impl Page {
    pub fn number(self) -> u32 {
        self.0
    }

    /// `?page=N` from a page's URL: the first page when absent, 400 for 0 or anything else.
    pub fn from_query(value: Option<String>) -> Result<Page, AppError> {
        match value {
            None => Ok(Page::default()),
            Some(v) => v
                .parse::<u32>()
                .ok()
                .and_then(|n| Page::try_from(n).ok())
                .ok_or(AppError::BadRequest),
        }
    }
}

impl Default for Page {
    fn default() -> Self {
        Page(1)
    }
}

impl TryFrom<u32> for Page {
    type Error = &'static str;
    fn try_from(number: u32) -> Result<Self, Self::Error> {
        if number == 0 {
            Err("page numbers start at 1")
        } else {
            Ok(Page(number))
        }
    }
}

impl From<Page> for u32 {
    fn from(page: Page) -> u32 {
        page.0
    }
}

/// One page of a longer list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paged<T> {
    pub items: Vec<T>,
    pub page: Page,
    pub has_more: bool,
}

impl<T> Paged<T> {
    /// The same page with each row turned into `U`.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Paged<U> {
        Paged {
            items: self.items.into_iter().map(f).collect(),
            page: self.page,
            has_more: self.has_more,
        }
    }
}

/// LIMIT and OFFSET for `page`. The limit asks for one row more than a page, which tells
/// [`into_page`] whether another page follows.
pub fn page_window(page: Page) -> (i64, i64) {
    let offset = i64::from(page.number() - 1) * i64::from(PER_PAGE);
    (i64::from(PER_PAGE) + 1, offset)
}

/// Page `page` from the rows fetched with [`page_window`]: at most a page of them, and whether
/// another page follows. Every paged query answers with this; `Paged::map` shapes the rows.
pub fn into_page<T>(mut rows: Vec<T>, page: Page) -> Paged<T> {
    let has_more = rows.len() > PER_PAGE as usize;
    rows.truncate(PER_PAGE as usize);
    Paged {
        items: rows,
        page,
        has_more,
    }
}

/// Previous and next links. `query` holds the other parameters, already encoded
/// (`q=ada&`), so filters survive paging. `labels` name the two directions (newest-first lists
/// by default); `fragment` (`#comments`) brings the reader back to the list on a long page.
#[component]
pub fn Pager(
    page: Page,
    has_more: bool,
    #[prop(optional, into)] query: String,
    #[prop(default = ("← Newer", "Older →"))] labels: (&'static str, &'static str),
    #[prop(optional)] fragment: &'static str,
) -> impl IntoView {
    let page = page.number();
    let link = move |n: u32| format!("?{query}page={n}{fragment}");
    view! {
        <nav class="pager" aria-label="Pages">
            {(page > 1).then(|| view! { <a rel="prev" href=link(page - 1)>{labels.0}</a> })}
            <span>{format!("Page {page}")}</span>
            {has_more.then(|| view! { <a rel="next" href=link(page + 1)>{labels.1}</a> })}
        </nav>
    }
}

#[cfg(test)]
mod tests {
    use super::Page;

    #[test]
    fn page_numbers_start_at_one_and_junk_is_refused() {
        assert_eq!(Page::from_query(None), Ok(Page::default()));
        assert_eq!(Page::from_query(Some("3".into())).map(Page::number), Ok(3));
        for junk in ["0", "-1", "abc", "", "1.5"] {
            assert!(Page::from_query(Some(junk.into())).is_err(), "{junk}");
        }
        assert!(serde_json::from_str::<Page>("0").is_err());
        assert_eq!(serde_json::from_str::<Page>("2").unwrap().number(), 2);
    }
}
