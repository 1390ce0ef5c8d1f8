//! First-run setup: while no admin exists, `/setup` creates one. Afterwards it is a 404. There
//! are no default credentials: the first admin chooses their own.
use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    auth::{api::setup_needed, pages::NewAccountFields},
    error::AppError,
    ui::{load, ErrorPanel, FormError},
};

/// Creates the first admin and signs them in. `NotFound` once any admin exists.
#[server(endpoint = "create_first_admin")]
pub async fn create_first_admin(
    email: String,
    display_name: String,
    password: String,
) -> Result<(), AppError> {
    use crate::{audit, auth, server::request};
    let state = request::state()?;
    if auth::server::admin_exists(&state.db).await? {
        return Err(AppError::NotFound);
    }
    let input = auth::server::Registration::parse(&email, &display_name, password)?;
    let user = auth::server::create_first_admin(&state, input).await?;
    let (event, id) = (audit::api::AuditEvent::AdminCreated, user.id);
    crate::audit::server::record_own(
        &state,
        event,
        id,
        &crate::server::request::client_info(),
        "first-run setup",
    )
    .await;
    let client = request::client_info();
    state
        .sessions
        .start(&request::session()?, &user, client, false)
        .await?;
    leptos_axum::redirect("/admin/users");
    Ok(())
}

#[component]
pub fn SetupPage() -> impl IntoView {
    let action = ServerAction::<CreateFirstAdmin>::new();
    // Once an admin exists the page is a 404, status included.
    let needed = Resource::new_blocking(
        || (),
        |_| {
            load(async {
                setup_needed()
                    .await?
                    .then_some(())
                    .ok_or(AppError::NotFound)
            })
        },
    );
    let error = crate::ui::action_error(action);
    view! {
        <Title text="Set up Quire" />
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match needed.await {
                    Ok(()) => view! {
                        <section class="card narrow">
                            <h1>"Set up Quire"</h1>
                            <p>"Quire has no administrator yet. Create that account now: it can \
                                promote authors, moderate and read the audit log."</p>
                            <FormError error />
                            <ActionForm action>
                                <NewAccountFields error />
                                <button type="submit">"Create the admin account"</button>
                            </ActionForm>
                        </section>
                    }.into_any(),
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
