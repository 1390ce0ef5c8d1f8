//! Account → Tokens: personal access tokens. Creating one needs sudo mode; its secret is shown
//! once, right after creation, and never again.
use leptos::prelude::*;
use leptos_meta::Title;

use super::sudo::{is_sudo_required, ConfirmPassword, SudoPrompt};
use crate::{
    api::Scope,
    error::AppError,
    tokens::{
        api::{list_tokens, CreateToken, RevokeToken, TokenView},
        table::TokenTable,
    },
    ui::{field_error, loaded_inline, AccountTabs, Field, FormError},
};

#[component]
pub fn TokensPage() -> impl IntoView {
    let create = ServerAction::<CreateToken>::new();
    let revoke = ServerAction::<RevokeToken>::new();
    let confirm = ServerAction::<ConfirmPassword>::new();
    let tokens = Resource::new(
        move || (create.version().get(), revoke.version().get()),
        |_| list_tokens(),
    );
    let asked = Signal::derive(move || is_sudo_required(create.value().get()));
    let error = Signal::derive(move || {
        create
            .value()
            .get()
            .and_then(Result::err)
            .filter(|e| *e != AppError::SudoRequired)
    });
    view! {
        <Title text="Access tokens" />
        <section class="card">
            <AccountTabs />
            <h1>"Personal access tokens"</h1>
            <p>"A token lets a script or an app use the Quire API as you, with the scopes you choose. "
               "Send it as " <code>"Authorization: Bearer …"</code> "."</p>
            <SudoPrompt asked confirm />
            {move || create.value().get().and_then(Result::ok).map(|created| view! {
                <div class="new-token" role="status">
                    <p>"Copy your new token “" {created.name.clone()} "” now. It will not be shown again."</p>
                    <code id="new-token">{created.token.clone()}</code>
                    " " <CopyButton text=created.token />
                </div>
            })}
            <FormError error />
            <ActionForm action=create>
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
            </ActionForm>
            <Transition fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    loaded_inline(tokens.await, move |list| own_tokens(list, revoke))
                })}
            </Transition>
        </section>
    }
}

/// The user's tokens, each with its revoke button.
fn own_tokens(list: Vec<TokenView>, revoke: ServerAction<RevokeToken>) -> impl IntoView {
    let revoke_form = move |t: &TokenView| {
        let (id, label) = (t.id, format!("Revoke ({})", t.name));
        view! {
            <ActionForm action=revoke>
                <input type="hidden" name="id" value=id />
                <button type="submit" class="link" aria-label=label>"Revoke"</button>
            </ActionForm>
        }
    };
    view! { <TokenTable list revoke_form /> }
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
