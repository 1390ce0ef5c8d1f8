//! Admin → a user's tokens: list and revoke (never the secrets, which are not stored).
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{
    api::{user_tokens, RevokeUserToken, TokenOwner},
    pages::AdminTabs,
};
use crate::{
    error::AppError,
    ui::{date, load, loaded, FormError},
};

#[component]
pub fn UserTokensPage() -> impl IntoView {
    let query = use_query_map();
    let user = move || {
        query
            .read()
            .get("user")
            .map(|u| u.parse::<i64>().unwrap_or(0))
    };
    let revoke = ServerAction::<RevokeUserToken>::new();
    let tokens = Resource::new_blocking(
        move || (user(), revoke.version().get()),
        |(user, _)| load(async move { user_tokens(user.ok_or(AppError::BadRequest)?).await }),
    );
    let error = Signal::derive(move || revoke.value().get().and_then(Result::err));
    view! {
        <Title text="Tokens of a user" />
        <section class="card wide">
            <AdminTabs />
            <FormError error />
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    loaded(tokens.await, move |list| view! { <TokenTable list revoke /> })
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn TokenTable(list: TokenOwner, revoke: ServerAction<RevokeUserToken>) -> impl IntoView {
    let user_id = list.user_id;
    let rows = list.tokens.into_iter().map(|t| {
        let label = format!("Revoke ({})", t.name);
        view! {
            <tr>
                <td>{t.name}</td>
                <td><code>{format!("{}…{}", t.prefix, t.last4)}</code></td>
                <td>{t.scopes.join(", ")}</td>
                <td>{date(t.created_at)}</td>
                <td>{date(t.expires_at)}</td>
                <td>{t.last_used_at.map(date).unwrap_or_else(|| "never".into())}</td>
                <td>
                    <ActionForm action=revoke>
                        <input type="hidden" name="user_id" value=user_id />
                        <input type="hidden" name="token_id" value=t.id />
                        <button type="submit" class="link danger" aria-label=label>"Revoke"</button>
                    </ActionForm>
                </td>
            </tr>
        }
    });
    view! {
        <h1>{format!("Tokens of {}", list.name)}</h1>
        <table class="tokens">
            <thead><tr>
                <th scope="col">"Name"</th><th scope="col">"Token"</th><th scope="col">"Scopes"</th>
                <th scope="col">"Created"</th><th scope="col">"Expires"</th><th scope="col">"Last used"</th>
                <th scope="col"><span class="visually-hidden">"Actions"</span></th>
            </tr></thead>
            <tbody>{rows.collect_view()}</tbody>
        </table>
    }
}
