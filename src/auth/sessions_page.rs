//! Account → Sessions: every signed-in device, with revoke. Revoking needs sudo mode; when it
//! has lapsed the page asks for the password inline and the user carries on from there.
use leptos::prelude::*;
use leptos_meta::Title;

use super::sudo::{is_sudo_required, ConfirmPassword, SudoPrompt};
use crate::{
    sessions::api::{list_sessions, RevokeOtherSessions, RevokeSession, SessionView},
    ui::{load, loaded_inline, AccountTabs},
};

#[component]
pub fn SessionsPage() -> impl IntoView {
    let revoke = ServerAction::<RevokeSession>::new();
    let revoke_others = ServerAction::<RevokeOtherSessions>::new();
    let confirm = ServerAction::<ConfirmPassword>::new();
    let sessions = Resource::new_blocking(
        move || {
            (
                revoke.version().get(),
                revoke_others.version().get(),
                confirm.version().get(),
            )
        },
        |_| load(list_sessions()),
    );
    let asked = Signal::derive(move || {
        is_sudo_required(revoke.value().get()) || is_sudo_required(revoke_others.value().get())
    });
    view! {
        <Title text="Sessions" />
        <section class="card">
            <AccountTabs />
            <h1>"Where you are signed in"</h1>
            <SudoPrompt asked confirm />
            <Transition fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    loaded_inline(sessions.await, |list| view! { <SessionTable list revoke /> })
                })}
            </Transition>
            <ActionForm action=revoke_others>
                <button type="submit" class="secondary">"Sign out everywhere else"</button>
            </ActionForm>
            <Show when=move || matches!(revoke_others.value().get(), Some(Ok(_)))>
                <p role="status">
                    {move || match revoke_others.value().get() {
                        Some(Ok(n)) => format!("Signed out {n} other session(s)."),
                        _ => String::new(),
                    }}
                </p>
            </Show>
        </section>
    }
}

/// The visible text of a row's button; its accessible name adds the device.
fn action_label(current: bool) -> &'static str {
    if current {
        "Sign out"
    } else {
        "Revoke"
    }
}

#[component]
fn SessionTable(list: Vec<SessionView>, revoke: ServerAction<RevokeSession>) -> impl IntoView {
    view! {
        <table class="sessions">
            <thead>
                <tr><th scope="col">"Device"</th><th scope="col">"IP address"</th>
                    <th scope="col">"Signed in"</th><th scope="col">"Last active"</th><th scope="col"><span class="visually-hidden">"Actions"</span></th></tr>
            </thead>
            <tbody>
                {list.into_iter().map(|s| view! {
                    <tr class:current=s.current>
                        <td>{s.device.clone()}
                            {s.current.then(|| view! { " " <span class="badge">"This session"</span> })}</td>
                        <td>{s.ip.clone()}</td>
                        <td>{s.created.date_time()}</td>
                        <td>{s.last_active.date_time()}</td>
                        <td>
                            <ActionForm action=revoke>
                                <input type="hidden" name="handle" value=s.handle.clone() />
                                <button type="submit" class="link"
                                    aria-label=format!("{} ({})", action_label(s.current), s.device)>
                                    {action_label(s.current)}
                                </button>
                            </ActionForm>
                        </td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}
