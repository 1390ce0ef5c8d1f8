//! The tokens page's list: the account's live bearer tokens, each revocable, and a form that
//! makes a personal one in sudo mode. The new token's secret is shown once, right after the
//! form, with or without JavaScript.
use leptos::{form::ActionForm, prelude::*};

use super::{action, listed, refusal, utc, Field, Refusal, SudoPrompt};
use crate::{
    api::{list_tokens, CreateToken, RevokeToken},
    texts::texts,
    views::TOKEN_LIFETIME_DAYS,
    AuthError, NewToken, TokenView,
};

/// The signed-in account's live bearer tokens, each with its scopes, expiry and last use and a
/// button that revokes it, and a form that makes a personal token: a name, some of the scopes
/// the app offers, a lifetime. Making one asks for the password first ([`SudoPrompt`]) unless
/// it was confirmed in the last few minutes. Needs tokens turned on (`AuthServer::tokens`).
///
/// ```
/// use leptos::prelude::*;
/// use quire_auth_leptos::TokenList;
///
/// #[component]
/// fn TokensPage() -> impl IntoView {
///     view! { <h1>"Access tokens"</h1> <TokenList /> }
/// }
/// ```
#[component]
pub fn TokenList() -> impl IntoView {
    let texts = texts();
    let create = ServerAction::<CreateToken>::new();
    let revoke = action::<RevokeToken>();
    // Blocking: reading this page removes the cookie that carries a new token to a
    // browser without JavaScript, and a header set after the response began streaming would be
    // lost (the token would show again on the next load).
    let page = Resource::new_blocking(
        move || (create.version().get(), revoke.version().get()),
        |_| list_tokens(),
    );
    let (not_made, not_revoked) = (refusal(create), refusal(revoke));
    let asked = Signal::derive(move || not_made.get() == Some(AuthError::SudoRequired));
    let other = Signal::derive(move || {
        let refused = not_made.get().or_else(|| not_revoked.get());
        refused.filter(|e| *e != AuthError::SudoRequired)
    });
    // With JavaScript the secret comes back in the action's answer; without, in the page that
    // the browser is sent back to.
    let made = move || create.value().get().and_then(Result::ok);
    view! {
        <SudoPrompt asked />
        <Refusal error=other />
        {move || made().map(|made| view! { <Shown made /> })}
        <Suspense>
            {move || Suspend::new(async move {
                let (made, scopes, rows) = match page.await {
                    Ok(page) => (page.new_token, Some(page.scopes), Ok(page.tokens)),
                    Err(error) => (None, None, Err(error)),
                };
                let row = move |row| view! { <TokenRow row revoke /> };
                let (none, unavailable) = (Some(texts.no_tokens), texts.tokens_unavailable);
                view! {
                    {made.map(|made| view! { <Shown made /> })}
                    {scopes.map(|scopes| view! { <CreateForm create scopes /> })}
                    {listed(rows, "auth-tokens", none, unavailable, row)}
                }
            })}
        </Suspense>
    }
}

/// A token just made, to copy now: it is never shown again.
#[component]
fn Shown(made: NewToken) -> impl IntoView {
    let texts = texts();
    view! {
        <div class="auth-new-token" role="status">
            <p>{texts.copy_new_token}</p>
            <code>{made.token}</code>
        </div>
    }
}

#[component]
fn CreateForm(create: ServerAction<CreateToken>, scopes: Vec<String>) -> impl IntoView {
    let texts = texts();
    let scopes = scopes.into_iter().map(|scope| {
        view! {
            <label class="auth-check">
                <input type="checkbox" name="scopes[]" value=scope.clone() />
                " " {scope}
            </label>
        }
    });
    let lifetimes = TOKEN_LIFETIME_DAYS.map(|days| {
        let text = format!("{days} {}", texts.days);
        view! { <option value=days selected=days == 30>{text}</option> }
    });
    view! {
        <ActionForm action=create attr:class="auth-form auth-create-token">
            <Field label=texts.token_name name="name" kind="text" autocomplete="off" />
            <fieldset class="auth-scopes">
                <legend>{texts.scopes}</legend>
                {scopes.collect_view()}
            </fieldset>
            <label class="auth-field">
                <span>{texts.expires_after}</span>
                <select name="expires_days">{lifetimes.collect_view()}</select>
            </label>
            <button type="submit">{texts.create_token}</button>
        </ActionForm>
    }
}

#[component]
fn TokenRow(row: TokenView, revoke: ServerAction<RevokeToken>) -> impl IntoView {
    let texts = texts();
    let used = row.last_used_at.map(|at| {
        let text = format!("{} {}", texts.last_used, utc(at));
        view! { <time class="auth-token-used" datetime=utc(at)>{text}</time> }
    });
    let expires = format!("{} {}", texts.expires, utc(row.expires_at));
    view! {
        <li class="auth-token">
            <span class="auth-token-name">{row.name}</span>
            <code class="auth-token-id">{format!("{}…{}", row.prefix, row.last4)}</code>
            <span class="auth-token-scopes">{row.scopes.join(", ")}</span>
            <time class="auth-token-expires" datetime=utc(row.expires_at)>{expires}</time>
            {used}
            <ActionForm action=revoke attr:class="auth-form auth-revoke-token">
                <input type="hidden" name="id" value=row.id />
                <button type="submit">{texts.revoke_token}</button>
            </ActionForm>
        </li>
    }
}
