//! One page of a longer list, and the links between pages.
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paged<T> {
    pub items: Vec<T>,
    /// 1-based.
    pub page: u32,
    pub has_more: bool,
}

/// `?page=N` from the query, 1 when absent. Anything else that is not a positive number gives
/// 0, which the server functions refuse with 400.
pub fn page_param(value: Option<String>) -> u32 {
    match value {
        None => 1,
        Some(v) => v.parse().unwrap_or(0),
    }
}

/// Previous and next links. `query` holds the other parameters, already encoded
/// (`q=ada&`), so filters survive paging.
#[component]
pub fn Pager(page: u32, has_more: bool, #[prop(optional, into)] query: String) -> impl IntoView {
    let link = move |n: u32| format!("?{query}page={n}");
    view! {
        <nav class="pager" aria-label="Pages">
            {(page > 1).then(|| view! { <a rel="prev" href=link(page - 1)>"← Newer"</a> })}
            <span>{format!("Page {page}")}</span>
            {has_more.then(|| view! { <a rel="next" href=link(page + 1)>"Older →"</a> })}
        </nav>
    }
}
