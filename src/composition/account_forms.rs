//! Form posts that must be answered with a page rather than a redirect. A personal access
//! token and recovery codes are shown once: with JavaScript the form calls the server function
//! and the page shows the answer; without it the browser posts here, and the page is rendered
//! as the answer with the outcome in its context. The secret is never stored for a later
//! request (T02, W04), so a redirect, which would need it again, is not an option. Composition
//! layer: it renders the app.
use axum::{
    extract::{rejection::FormRejection, FromRequest, Request, State},
    http::{header, request::Parts, HeaderValue},
    response::Response,
    Form,
};
use leptos::prelude::provide_context;
use tower_sessions::Session;

use crate::{
    composition::app::shell,
    error::AppError,
    factors::api::CodesWithoutJs,
    identity::CurrentUser,
    server::{request::client_of, state::AppState},
    tokens::{
        api::{ticked_scopes, CreateToken, CreatedToken, CreatedWithoutJs},
        server::create_personal_token,
    },
};
use quire_auth::sessions::Current;

pub async fn create_token(State(state): State<AppState>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let form = Form::<CreateToken>::from_request(Request::from_parts(parts.clone(), body), &state);
    let outcome = create(&state, &parts, form.await).await;
    render_with(state, parts, CreatedWithoutJs(outcome)).await
}

pub async fn create_recovery_codes(State(state): State<AppState>, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    let outcome = new_codes(&state, &parts).await;
    render_with(state, parts, CodesWithoutJs(outcome)).await
}

async fn new_codes(state: &AppState, parts: &Parts) -> Result<Vec<String>, AppError> {
    let Some(Current(Some(user))) = parts.extensions.get::<CurrentUser>() else {
        return Err(AppError::Unauthenticated);
    };
    let session = parts
        .extensions
        .get::<Session>()
        .ok_or(AppError::Internal)?;
    let client = client_of(state, &parts.extensions, &parts.headers);
    crate::factors::server::change::new_codes(state, session, user, &client).await
}

/// The page the request asked for, rendered with `outcome` in its context.
async fn render_with<T: Clone + Send + Sync + 'static>(
    state: AppState,
    parts: Parts,
    outcome: T,
) -> Response {
    let options = state.leptos_options.clone();
    let render = leptos_axum::render_app_to_stream_in_order_with_context(
        {
            let state = state.clone();
            move || {
                provide_context(state.clone());
                provide_context(outcome.clone());
            }
        },
        move || shell(options.clone()),
    );
    let mut response = render(Request::from_parts(parts, axum::body::Body::empty())).await;
    // The answer holds a secret: never cached, never kept by the back-forward cache.
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The token the form asks for, made as the signed-in user of this request.
async fn create(
    state: &AppState,
    parts: &Parts,
    form: Result<Form<CreateToken>, FormRejection>,
) -> Result<CreatedToken, AppError> {
    let Some(Current(Some(user))) = parts.extensions.get::<CurrentUser>() else {
        return Err(AppError::Unauthenticated);
    };
    let Form(input) = form.map_err(|rejection| {
        tracing::info!(%rejection, "token form refused");
        AppError::BadRequest
    })?;
    let session = parts
        .extensions
        .get::<Session>()
        .ok_or(AppError::Internal)?;
    let client = client_of(state, &parts.extensions, &parts.headers);
    let scopes = ticked_scopes([
        input.profile_read,
        input.tokens_read,
        input.posts_write,
        input.comments_write,
    ]);
    let name = input.name;
    create_personal_token(
        state,
        session,
        user,
        &client,
        &name,
        input.expires_days,
        scopes,
    )
    .await
}
