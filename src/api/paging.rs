//! `?page=N` on every paged API list: one query type, one way to refuse a bad number.
use axum::{
    extract::{rejection::QueryRejection, Query},
    http::StatusCode,
};
use serde::Deserialize;

use super::ApiError;
use crate::ui::Page;

#[derive(Deserialize, utoipa::IntoParams)]
pub struct PageQuery {
    /// 1-based page number; 20 items a page.
    #[param(value_type = Option<u32>, minimum = 1)]
    page: Option<Page>,
}

/// The page asked for (the first when absent); 400 `invalid_request` for 0 or junk.
pub fn page_of(query: Result<Query<PageQuery>, QueryRejection>) -> Result<Page, ApiError> {
    let Query(query) = query.map_err(|rejection| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            rejection.body_text(),
        )
    })?;
    Ok(query.page.unwrap_or_default())
}
