//! `/outbox`: in development, the mail Quire would have sent, so a person running
//! `cargo leptos watch` can follow a reset link without a mail server. A 404 otherwise.
use leptos::prelude::*;
use leptos_meta::Title;

use super::api::{outbox_messages, OutboxMessage};
use crate::ui::{load, loaded};

#[component]
pub fn OutboxPage() -> impl IntoView {
    let messages = Resource::new_blocking(|| (), |_| load(outbox_messages()));
    view! {
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                loaded(messages.await, |list| view! {
                    <Title text="Outbox" />
                    <section class="card">
                        <h1>"Outbox"</h1>
                        <p>"Mail Quire would have sent, newest first. This page exists only in development, with "
                            <code>"mail.transport = \"outbox\""</code>"."</p>
                        {list.is_empty().then(|| view! { <p>"No mail yet."</p> })}
                        {list.into_iter().map(|m| view! { <Letter message=m /> }).collect_view()}
                    </section>
                })
            })}
        </Suspense>
    }
}

#[component]
fn Letter(message: OutboxMessage) -> impl IntoView {
    view! {
        <article class="outbox-message">
            <h2>{message.subject}</h2>
            <p class="meta">"To " {message.to} " · " {message.date}</p>
            <ul class="links">
                {message.links.into_iter().map(|href| view! {
                    <li><a href=href.clone()>{href.clone()}</a></li>
                }).collect_view()}
            </ul>
            <details>
                <summary>"Whole message"</summary>
                <pre>{message.text}</pre>
            </details>
        </article>
    }
}
