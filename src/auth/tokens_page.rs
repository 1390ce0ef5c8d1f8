//! Account → Tokens: personal access tokens. Creating one needs sudo mode; its secret is shown
//! once, right after creation, and never again.
use leptos::prelude::*;
use leptos_meta::Title;

use super::sudo::{is_sudo_required, ConfirmPassword, SudoPrompt};
use crate::{
    api::Scope,
    error::AppError,
    tokens::{
        api::{list_tokens, CreateToken, CreatedWithoutJs, RevokeToken, TokenView},
        table::TokenTable,
    },
    ui::{field_error, load, loaded_inline, AccountTabs, Field, FormError, Page, Paged, Pager},
};
use leptos_router::hooks::use_query_map;

#[component]
pub fn TokensPage() -> impl IntoView {
    let create = ServerAction::<CreateToken>::new();
    let revoke = ServerAction::<RevokeToken>::new();
    let confirm = ServerAction::<ConfirmPassword>::new();
    let query = use_query_map();
    let page = move || Page::from_query(query.read().get("page"));
    let tokens = Resource::new_blocking(
        move || (page(), create.version().get(), revoke.version().get()),
        |(page, _, _)| load(async move { list_tokens(Some(page?)).await }),
    );
    // Without JavaScript the form posts to this page, which answers with the outcome in its
    // context (see `account_forms`); a blocking resource carries it into hydration unchanged.
    let posted = use_context::<CreatedWithoutJs>().map(|c| c.0);
    let without_js = Resource::new_blocking(
        || (),
        move |_| {
            let posted = posted.clone();
            async move { posted }
        },
    );
    let outcome =
        Signal::derive(move || create.value().get().or_else(|| without_js.get().flatten()));
    let asked = Signal::derive(move || is_sudo_required(outcome.get()));
    let error = Signal::derive(move || {
        outcome
            .get()
            .and_then(Result::err)
            .filter(|e| *e != AppError::SudoRequired)
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        use leptos::form::FromFormData;
        if let Ok(input) = CreateToken::from_event(&ev) {
            ev.prevent_default();
            create.dispatch(input);
        }
    };
    view! {
        <Title text="Access tokens" />
        <section class="card">
            <AccountTabs />
            <h1>"Personal access tokens"</h1>
            <p>"A token lets a script or an app use the Quire API as you, with the scopes you choose. "
               "Send it as " <code>"Authorization: Bearer …"</code> "."</p>
            <SudoPrompt asked confirm />
            {move || outcome.get().and_then(Result::ok).map(|created| view! {
                <div class="new-token" role="status">
                    <p>"Copy your new token “" {created.name.clone()} "” now. It will not be shown again."</p>
                    <code id="new-token">{created.token.clone()}</code>
                    " " <CopyButton text=created.token />
                </div>
            })}
            <FormError error />
            <form method="post" action="/account/tokens" on:submit=submit>
                <Field label="Name" name="name" error=field_error(error, "name") />
                <fieldset class="scopes" aria-describedby="scopes-error">
                    <legend>"Scopes"</legend>
                    {Scope::ALL.into_iter().map(|scope| view! {
                        <label class="check">
                            <input type="checkbox" name=scope.field() value="on" />
                            " " {scope.as_str()}
                        </label>
                    }).collect_view()}
                    <p class="field-error" id="scopes-error">{move || error.get().and_then(|e| e.field_message("scopes"))}</p>
                </fieldset>
                <div class="field">
                    <label for="field-expires_days">"Expires after"</label>
                    <select id="field-expires_days" name="expires_days">
                        <option value="7">"7 days"</option>
                        <option value="30" selected>"30 days"</option>
                        <option value="90">"90 days"</option>
                        <option value="365">"1 year"</option>
                    </select>
                </div>
                <button type="submit">"Create token"</button>
            </form>
            <Transition fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    loaded_inline(tokens.await, move |list| own_tokens(list, revoke))
                })}
            </Transition>
        </section>
    }
}

/// One page of the user's tokens, each with its revoke button.
fn own_tokens(list: Paged<TokenView>, revoke: ServerAction<RevokeToken>) -> impl IntoView {
    let revoke_form = move |t: &TokenView| {
        let (id, label) = (t.id, format!("Revoke ({})", t.name));
        view! {
            <ActionForm action=revoke>
                <input type="hidden" name="id" value=id />
                <button type="submit" class="link" aria-label=label>"Revoke"</button>
            </ActionForm>
        }
    };
    view! {
        <TokenTable list=list.items empty="You have no tokens." revoke_form />
        <Pager page=list.page has_more=list.has_more />
    }
}

/// Copies `text` to the clipboard. Needs JavaScript; without it the token can still be selected.
#[component]
fn CopyButton(text: String) -> impl IntoView {
    let copied = RwSignal::new(false);
    let copy = move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(window) = web_sys::window() {
            let _ = window.navigator().clipboard().write_text(&text);
            copied.set(true);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = &text;
    };
    view! {
        <button type="button" class="secondary" on:click=copy>
            {move || if copied.get() { "Copied" } else { "Copy" }}
        </button>
    }
}
