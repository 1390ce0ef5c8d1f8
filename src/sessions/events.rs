//! The signed-out event stream (checklist D03) is quire-auth's
//! (`Sessions::signed_out_events`): one `signed_out` event when the tab's session ends,
//! whatever ended it, then the stream closes. Its tab side is `auth/signed_out_watch.rs`.
use axum::{
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use quire_auth::sessions::Current;
use tower_sessions::Session;

use crate::{identity::CurrentUser, server::state::AppState};

pub async fn stream(
    State(state): State<AppState>,
    Current(user): CurrentUser,
    session: Session,
) -> Response {
    let Some(user) = user else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let stopping = state.stopping.subscribe();
    state
        .sessions
        .signed_out_events(&session, user.id, stopping)
}
