//! Admin → Users: search, paging, role, deactivate/reactivate, end sessions. The buttons are
//! conveniences; every action is authorised again by its server function.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::api::{
    list_users, ChangeRole, ResetSecondFactor, RevokeUserSessions, SetActive, UserRow,
};
use super::messages;
use crate::{
    auth::sudo::{is_sudo_required, ConfirmPassword, SudoPrompt},
    error::AppError,
    identity::Role,
    ui::{load, loaded, ErrorPanel, FormError, NextStep, Page, Pager, Tabs},
};

#[component]
pub fn AdminTabs() -> impl IntoView {
    let links = &[
        ("/admin/users", "Users"),
        ("/admin/moderation", "Moderation"),
        ("/admin/audit", "Audit log"),
    ];
    view! { <Tabs label="Admin pages" links /> }
}

/// `key=value&` for a pager link, or nothing for an empty value.
pub fn query_part(key: &str, value: &str) -> String {
    if value.is_empty() {
        return String::new();
    }
    serde_urlencoded::to_string([(key, value)]).unwrap_or_default() + "&"
}

const SET_UP_TWO_STEP: NextStep = NextStep {
    href: "/account/security",
    label: "Set up two-step sign-in",
};

/// [`loaded`] for the console's pages: an admin turned away by the site's two-step rule gets
/// a link to where two-step sign-in is turned on.
pub fn console_loaded<T, V: IntoView + 'static>(
    result: Result<T, AppError>,
    ok: impl FnOnce(T) -> V,
) -> AnyView {
    match result {
        Err(AppError::Denied(reason)) if reason == messages::SECOND_FACTOR_REQUIRED => view! {
            <ErrorPanel error=AppError::Denied(reason) next=SET_UP_TWO_STEP />
        }
        .into_any(),
        other => loaded(other, ok),
    }
}

/// The last error of `results` that is not a request for the password (that one gets the
/// sudo prompt instead).
pub fn first_error(results: &[Option<Result<(), AppError>>]) -> Option<AppError> {
    results.iter().find_map(|r| match r {
        Some(Err(AppError::SudoRequired)) => None,
        Some(Err(e)) => Some(e.clone()),
        _ => None,
    })
}

#[derive(Clone, Copy)]
struct UserActions {
    role: ServerAction<ChangeRole>,
    active: ServerAction<SetActive>,
    revoke: ServerAction<RevokeUserSessions>,
    reset: ServerAction<ResetSecondFactor>,
}

#[component]
pub fn UsersPage() -> impl IntoView {
    let query = use_query_map();
    let search = move || query.read().get("q").unwrap_or_default();
    let page = move || Page::from_query(query.read().get("page"));
    let actions = UserActions {
        role: ServerAction::new(),
        active: ServerAction::new(),
        revoke: ServerAction::new(),
        reset: ServerAction::new(),
    };
    let confirm = ServerAction::<ConfirmPassword>::new();
    let users = Resource::new_blocking(
        move || {
            let versions = (actions.role.version().get(), actions.active.version().get());
            let more = (
                actions.revoke.version().get(),
                actions.reset.version().get(),
            );
            (search(), page(), versions, more)
        },
        |(search, page, _, _)| load(async move { list_users(Some(search), Some(page?)).await }),
    );
    let revoked = move || actions.revoke.value().get().map(|r| r.map(|_| ()));
    let asked = Signal::derive(move || {
        is_sudo_required(actions.role.value().get())
            || is_sudo_required(actions.active.value().get())
            || is_sudo_required(revoked())
            || is_sudo_required(actions.reset.value().get())
    });
    let error = Signal::derive(move || {
        first_error(&[
            actions.role.value().get(),
            actions.active.value().get(),
            revoked(),
            actions.reset.value().get(),
        ])
    });
    view! {
        <Title text="Users" />
        <section class="card wide">
            <AdminTabs />
            <h1>"Users"</h1>
            <SudoPrompt asked confirm />
            <FormError error />
            <form method="get" class="search" role="search">
                <label for="user-search">"Search by name or e-mail"</label>
                <input id="user-search" type="search" name="q" value=search />
                <button type="submit">"Search"</button>
            </form>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    console_loaded(users.await, move |list| view! {
                        <UserTable users=list.items actions />
                        <Pager page=list.page has_more=list.has_more query=query_part("q", &search()) />
                    })
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn UserTable(users: Vec<UserRow>, actions: UserActions) -> impl IntoView {
    view! {
        <table class="users">
            <thead><tr>
                <th scope="col">"Name"</th><th scope="col">"E-mail"</th><th scope="col">"Role"</th>
                <th scope="col">"Status"</th><th scope="col">"Two-step"</th><th scope="col">"Since"</th>
                <th scope="col"><span class="visually-hidden">"Actions"</span></th>
            </tr></thead>
            <tbody>
                {users.into_iter().map(|user| view! { <UserLine user actions /> }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn UserLine(user: UserRow, actions: UserActions) -> impl IntoView {
    let audit = format!(
        "/admin/audit?{}",
        serde_urlencoded::to_string([("user", &user.email)]).unwrap_or_default()
    );
    let tokens = format!("/admin/tokens?user={}", user.id);
    let status = if user.active { "Active" } else { "Deactivated" };
    let passkeys = (user.passkeys > 0).then(|| format!("· {} passkey(s)", user.passkeys));
    let name = user.display_name.clone();
    let controls = (!user.is_self).then(|| {
        let (id, current) = (user.id, user.role);
        let toggle = if user.active { "Deactivate" } else { "Reactivate" };
        let role_label = format!("Role of {name}");
        let save_label = format!("Save role of {name}");
        let toggle_label = format!("{toggle} {name}");
        let end_label = format!("End sessions of {name}");
        let reset_label = format!("Reset two-step sign-in of {name}");
        view! {
            <ActionForm action=actions.role attr:class="inline">
                <input type="hidden" name="user_id" value=id />
                <select name="role" aria-label=role_label>
                    {Role::ALL.into_iter().map(|role| view! {
                        <option value=role.as_str() selected=role == current>{role.as_str()}</option>
                    }).collect_view()}
                </select>
                <button type="submit" class="secondary" aria-label=save_label>"Save"</button>
            </ActionForm>
            <ActionForm action=actions.active attr:class="inline">
                <input type="hidden" name="user_id" value=id />
                <input type="hidden" name="active" value=(!user.active).to_string() />
                <button type="submit" class="secondary" aria-label=toggle_label>{toggle}</button>
            </ActionForm>
            <ActionForm action=actions.revoke attr:class="inline">
                <input type="hidden" name="user_id" value=id />
                <button type="submit" class="secondary" aria-label=end_label>"End sessions"</button>
            </ActionForm>
            {(user.two_step || user.passkeys > 0).then(|| view! {
                <ActionForm action=actions.reset attr:class="inline">
                    <input type="hidden" name="user_id" value=id />
                    <button type="submit" class="secondary" aria-label=reset_label>"Reset two-step"</button>
                </ActionForm>
            })}
        }
    });
    view! {
        <tr class:inactive=!user.active>
            <td>{user.display_name.clone()} {user.is_self.then_some(" (you)")}</td>
            <td>{user.email}</td>
            <td>{user.role.as_str()}</td>
            <td>{status}</td>
            <td>{if user.two_step { "On" } else { "Off" }} {passkeys}</td>
            <td>{user.created.date()}</td>
            <td class="controls">
                {controls}
                <a href=audit aria-label=format!("Audit log of {}", user.display_name)>"Audit"</a>
                " "
                <a href=tokens aria-label=format!("Tokens of {}", user.display_name)>"Tokens"</a>
            </td>
        </tr>
    }
}
