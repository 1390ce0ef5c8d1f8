//! Admin → a user's tokens: list and revoke (never the secrets, which are not stored).
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{
    api::{user_tokens, RevokeUserToken, TokenOwner},
    pages::{console_loaded, AdminTabs},
};
use crate::{
    error::AppError,
    tokens::{api::TokenView, table::TokenTable},
    ui::{load, FormError, Page, Paged, Pager},
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
    let page = move || Page::from_query(query.read().get("page"));
    let revoke = ServerAction::<RevokeUserToken>::new();
    let tokens = Resource::new_blocking(
        move || (user(), page(), revoke.version().get()),
        |(user, page, _)| {
            load(async move { user_tokens(user.ok_or(AppError::BadRequest)?, Some(page?)).await })
        },
    );
    let error = crate::ui::action_error(revoke);
    view! {
        <Title text="Tokens of a user" />
        <section class="card wide">
            <AdminTabs />
            <FormError error />
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    console_loaded(tokens.await, move |list| users_tokens(list, revoke))
                })}
            </Suspense>
        </section>
    }
}

/// A user's tokens as an admin sees them, each with its revoke button.
fn users_tokens(owner: TokenOwner, revoke: ServerAction<RevokeUserToken>) -> impl IntoView {
    let user_id = owner.user_id;
    let revoke_form = move |t: &TokenView| {
        let (id, label) = (t.id, format!("Revoke ({})", t.name));
        view! {
            <ActionForm action=revoke>
                <input type="hidden" name="user_id" value=user_id />
                <input type="hidden" name="token_id" value=id />
                <button type="submit" class="link danger" aria-label=label>"Revoke"</button>
            </ActionForm>
        }
    };
    let Paged {
        items,
        page,
        has_more,
    } = owner.tokens;
    view! {
        <h1>{format!("Tokens of {}", owner.name)}</h1>
        <TokenTable list=items empty="This user has no tokens." revoke_form />
        <Pager page has_more query=format!("user={user_id}&") />
    }
}
