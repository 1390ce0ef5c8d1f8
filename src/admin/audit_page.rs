//! Admin → Audit log: newest first, filtered by a user's e-mail and by event.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{
    api::{audit_log, failed_mail},
    pages::{console_loaded, query_part, AdminTabs},
};
use crate::{
    audit::api::{AuditEntry, AuditEvent},
    ui::{load, Page, Pager},
};

#[component]
pub fn AuditPage() -> impl IntoView {
    let query = use_query_map();
    let user = move || query.read().get("user").unwrap_or_default();
    let event = move || query.read().get("event").unwrap_or_default();
    let page = move || Page::from_query(query.read().get("page"));
    let entries = Resource::new_blocking(
        move || (user(), event(), page()),
        |(user, event, page)| {
            load(async move { audit_log(Some(user), Some(event), Some(page?)).await })
        },
    );
    view! {
        <Title text="Audit log" />
        <section class="card wide">
            <AdminTabs />
            <h1>"Audit log"</h1>
            <FailedMail />
            <form method="get" class="search" role="search" aria-label="Filter the audit log">
                <label for="audit-user">"User e-mail"</label>
                <input id="audit-user" type="search" name="user" value=user />
                <label for="audit-event">"Event"</label>
                <select id="audit-event" name="event">
                    <option value="">"All events"</option>
                    {AuditEvent::ALL.iter().map(|e| view! {
                        <option value=e.as_str() selected=move || event() == e.as_str()>{e.as_str()}</option>
                    }).collect_view()}
                </select>
                <button type="submit">"Filter"</button>
            </form>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    console_loaded(entries.await, move |list| {
                        let filters = query_part("user", &user()) + &query_part("event", &event());
                        view! {
                            <AuditTable entries=list.items />
                            <Pager page=list.page has_more=list.has_more query=filters />
                        }
                    })
                })}
            </Suspense>
        </section>
    }
}

/// A warning when mail could not be sent after every retry, with a link to those entries.
#[component]
fn FailedMail() -> impl IntoView {
    let failed = Resource::new_blocking(|| (), |_| failed_mail());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                failed.await.ok().filter(|n| *n > 0).map(|n| view! {
                    <p class="notice" role="status">
                        {format!("{n} message(s) could not be sent after every retry. ")}
                        <a href="/admin/audit?event=mail_failed">"Show them"</a>
                    </p>
                })
            })}
        </Suspense>
    }
}

#[component]
fn AuditTable(entries: Vec<AuditEntry>) -> impl IntoView {
    if entries.is_empty() {
        return view! { <p class="empty">"No entries match."</p> }.into_any();
    }
    view! {
        <table class="audit">
            <thead><tr>
                <th scope="col">"Time"</th><th scope="col">"Event"</th><th scope="col">"By"</th>
                <th scope="col">"Subject"</th><th scope="col">"IP"</th><th scope="col">"Client"</th>
                <th scope="col">"Detail"</th>
            </tr></thead>
            <tbody>
                {entries.into_iter().map(|e| view! {
                    <tr>
                        <td>{e.at.date_time()}</td><td><code>{e.event}</code></td>
                        <td>{e.actor.unwrap_or_default()}</td><td>{e.subject.unwrap_or_default()}</td>
                        <td>{e.ip}</td><td class="ua">{e.user_agent}</td><td>{e.detail}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
