//! Stored renderings kept current. A post's HTML and excerpt are made when it is saved, with
//! the renderer version that made them; after an upgrade that changes the renderer (say, a
//! stricter sanitiser policy), this job renders every older row again in the background, and
//! until it reaches a row, reads render that row on the spot (`PostRow::html`, `summary`), so
//! no page ever shows HTML made under the old policy.
use super::markdown::{render_post, RENDERER_VERSION};
use quire_auth::db::Db;

const BATCH: i64 = 100;

#[derive(sqlx::FromRow)]
struct Stale {
    id: i64,
    body: String,
}

/// Renders every post stored by an older renderer; returns how many were updated.
pub async fn refresh(db: &Db) -> Result<u64, sqlx::Error> {
    let mut updated = 0;
    loop {
        let stale: Vec<Stale> = quire_auth::on_db!(db, |exe| sqlx::query_as(
            "SELECT id, body FROM posts WHERE rendered_with < $1 ORDER BY id LIMIT $2",
        )
        .bind(RENDERER_VERSION)
        .bind(BATCH)
        .fetch_all(exe)
        .await)?;
        if stale.is_empty() {
            return Ok(updated);
        }
        for post in stale {
            let rendered = render_post(&post.body);
            // Only if the body is still the one rendered: an edit meanwhile stored its own.
            let done = quire_auth::on_db!(db, |exe| sqlx::query(
                "UPDATE posts SET html = $1, excerpt = $2, rendered_with = $3 \
                 WHERE id = $4 AND body = $5 AND rendered_with < $3",
            )
            .bind(&rendered.html)
            .bind(&rendered.excerpt)
            .bind(RENDERER_VERSION)
            .bind(post.id)
            .bind(&post.body)
            .execute(exe)
            .await
            .map(|done| done.rows_affected()))?;
            updated += done;
        }
    }
}

/// [`refresh`] as a start-up task: logs what it did, never stops the server.
pub async fn refresh_job(db: Db) {
    match refresh(&db).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(
            posts = n,
            version = RENDERER_VERSION,
            "posts rendered again"
        ),
        Err(error) => tracing::error!(%error, "rendering stale posts failed; reads render them"),
    }
}
