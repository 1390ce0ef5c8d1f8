//! Account → Security → Passkeys: add one (sudo, needs JavaScript: the browser's WebAuthn API
//! makes the key), see when each was added and last used, rename, remove (sudo).
use leptos::prelude::*;

use crate::{
    error::AppError,
    passkeys::api::{passkeys, PasskeyView, RemovePasskey, RenamePasskey},
    ui::{field_error, load, loaded_inline},
};

/// What the section reports to the page: an error (a `SudoRequired` opens the page's password
/// prompt) and a count of passkeys added, which reloads the list.
#[derive(Clone, Copy)]
pub struct PasskeyEvents {
    pub problem: RwSignal<Option<AppError>>,
    pub added: RwSignal<usize>,
}

#[component]
pub fn PasskeySection(
    rename: ServerAction<RenamePasskey>,
    remove: ServerAction<RemovePasskey>,
    events: PasskeyEvents,
) -> impl IntoView {
    let list = Resource::new_blocking(
        move || {
            (
                rename.version().get(),
                remove.version().get(),
                events.added.get(),
            )
        },
        |_| load(passkeys()),
    );
    view! {
        <h2>"Passkeys"</h2>
        <p>"A passkey signs you in with your device's screen lock or a security key instead of your password. A phishing site cannot use it."</p>
        <Transition fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                loaded_inline(list.await, move |view| {
                    let rows = view.list.into_iter()
                        .map(|key| view! { <PasskeyRow key rename remove /> })
                        .collect_view();
                    let add = if view.available {
                        view! { <AddPasskey events /> }.into_any()
                    } else {
                        view! { <p class="hint">"Passkeys need this site to be opened by its domain name."</p> }.into_any()
                    };
                    view! { <ul class="passkeys">{rows}</ul> {add} }
                })
            })}
        </Transition>
    }
}

#[component]
fn PasskeyRow(
    key: PasskeyView,
    rename: ServerAction<RenamePasskey>,
    remove: ServerAction<RemovePasskey>,
) -> impl IntoView {
    let input_id = format!("passkey-name-{}", key.id);
    let used = key
        .last_used_at
        .map(|t| format!("last used {}", t.date_time()))
        .unwrap_or_else(|| "not used yet".into());
    let about = format!("Added {}, {used}.", key.created_at.date_time());
    let error = crate::ui::action_error(rename);
    view! {
        <li class="passkey">
            <strong>{key.name.clone()}</strong>
            <span class="hint">" " {about}</span>
            <ActionForm action=rename attr:class="inline">
                <input type="hidden" name="id" value=key.id />
                <label for=input_id.clone()>"Name"</label>
                <input id=input_id name="name" value=key.name.clone() maxlength="60" required />
                <button type="submit" class="secondary">"Rename"</button>
                {move || field_error(error, "name").get().map(|e| view! { <span class="error">{e}</span> })}
            </ActionForm>
            <ActionForm action=remove attr:class="inline">
                <input type="hidden" name="id" value=key.id />
                <button type="submit" class="secondary">"Remove"</button>
            </ActionForm>
        </li>
    }
}

#[component]
fn AddPasskey(events: PasskeyEvents) -> impl IntoView {
    let hydrated = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let name = RwSignal::new(String::from("Passkey"));
    let said = RwSignal::new(None::<&'static str>);
    Effect::new(move |_| hydrated.set(true));
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        said.set(None);
        events.problem.set(None);
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move {
            match register(name.get_untracked()).await {
                Ok(()) => events.added.update(|n| *n += 1),
                Err(Ok(error)) => events.problem.set(Some(error)),
                Err(Err(failure)) => said.set(failure.message()),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="add-passkey" on:submit=add>
            <label for="new-passkey-name">"Name of the new passkey"</label>
            <input id="new-passkey-name" maxlength="60" required
                prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
            <button type="submit" disabled=move || !hydrated.get() || busy.get()>"Add a passkey"</button>
            <Show when=move || !hydrated.get()>
                <p class="hint">"Adding a passkey needs JavaScript."</p>
            </Show>
            {move || said.get().map(|text| view! { <p class="error" role="alert">{text}</p> })}
        </form>
    }
}

/// The whole ceremony: options from the server, the browser makes the key, the server checks
/// and stores it. A server error (`Ok`) or the browser's refusal (`Err`).
#[cfg(feature = "hydrate")]
async fn register(
    name: String,
) -> Result<(), Result<AppError, quire_auth_leptos::passkey_browser::Failure>> {
    use crate::passkeys::api;
    use quire_auth_leptos::passkey_browser as browser;
    let options = api::start_passkey_registration().await.map_err(Ok)?;
    let credential = browser::create(options).await.map_err(Err)?;
    api::finish_passkey_registration(name, credential)
        .await
        .map_err(Ok)
}
