//! The one table of tokens, for a user's own (Account → Tokens) and for an admin looking at a
//! user's (Admin → Users → Tokens). Only the revoke form differs, so the caller renders it.
use leptos::prelude::*;

use super::api::TokenView;

#[component]
pub fn TokenTable<F, V>(list: Vec<TokenView>, empty: &'static str, revoke_form: F) -> impl IntoView
where
    F: Fn(&TokenView) -> V + 'static,
    V: IntoView + 'static,
{
    if list.is_empty() {
        return view! { <p>{empty}</p> }.into_any();
    }
    let rows = list
        .iter()
        .map(|t| {
            let never = || "Never".to_owned();
            view! {
                <tr>
                    <td>{t.name.clone()}</td>
                    <td><code>{format!("{}…{}", t.prefix, t.last4)}</code></td>
                    <td>{t.scopes.join(", ")}</td>
                    <td>{t.created_at.date()}</td>
                    <td>{t.expires_at.date()}</td>
                    <td>{t.last_used_at.map_or_else(never, |at| at.date())}</td>
                    <td>{revoke_form(t)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="sessions tokens">
            <thead>
                <tr><th scope="col">"Name"</th><th scope="col">"Token"</th><th scope="col">"Scopes"</th>
                    <th scope="col">"Created"</th><th scope="col">"Expires"</th><th scope="col">"Last used"</th>
                    <th scope="col"><span class="visually-hidden">"Actions"</span></th></tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}
