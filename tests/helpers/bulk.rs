//! Many rows at once, written straight to the database, for tests that prove a list stays
//! bounded however long it grows.
use super::TestApp;

impl TestApp {
    /// `n` comments of `chars` characters each under the post at `slug`, by `email`.
    pub async fn insert_comments(&self, slug: &str, email: &str, n: usize, chars: usize) {
        let author = self.user_id(email).await;
        let post: i64 = quire_auth::on_db!(self.db, |exe| sqlx::query_scalar(
            "SELECT id FROM posts WHERE slug = $1"
        )
        .bind(slug)
        .fetch_one(exe)
        .await)
        .unwrap();
        let body = "c".repeat(chars);
        let now = self.clock.now_unix();
        for _ in 0..n {
            quire_auth::on_db!(self.db, |exe| sqlx::query(
                "INSERT INTO comments (post_id, author_id, body, created_at) VALUES ($1, $2, $3, $4)",
            )
            .bind(post)
            .bind(author)
            .bind(&body)
            .bind(now)
            .execute(exe)
            .await
            .map(|done| done.rows_affected()))
            .unwrap();
        }
    }

    /// `n` drafts by `email`, slugs `bulk-0`, `bulk-1`, ...
    pub async fn insert_drafts(&self, email: &str, n: usize) {
        let author = self.user_id(email).await;
        let now = self.clock.now_unix();
        for i in 0..n {
            quire_auth::on_db!(self.db, |exe| sqlx::query(
                "INSERT INTO posts (author_id, slug, title, body, published, created_at, updated_at) \
                 VALUES ($1, $2, $3, 'Body', FALSE, $4, $4)",
            )
            .bind(author)
            .bind(format!("bulk-{i}"))
            .bind(format!("Bulk {i}"))
            .bind(now)
            .execute(exe)
            .await
            .map(|done| done.rows_affected()))
            .unwrap();
        }
    }

    /// `n` personal access tokens for `email`, issued the way the app issues them.
    pub async fn insert_tokens(&self, email: &str, n: usize) {
        let owner = self.identity(email).await;
        let now = self.clock.now_unix();
        for i in 0..n {
            let scopes = quire::api::Scope::ALL.to_vec();
            let kind = quire_auth::token_format::TokenKind::Pat;
            let name = format!("bulk {i}");
            let mut tx = quire_auth::db::write(&self.db).await.unwrap();
            let tokens = &self.state.tokens;
            tokens
                .issue(&mut tx, &owner, kind, &name, &scopes, now + 3600)
                .await
                .unwrap();
            tx.commit().await.unwrap();
        }
    }

    /// `n` live sessions for `email`, as rows (bypassing the sign-in that would evict).
    pub async fn insert_sessions(&self, email: &str, n: usize) {
        let user = self.user_id(email).await;
        let now = self.clock.now_unix();
        for i in 0..n {
            quire_auth::on_db!(self.db, |exe| sqlx::query(
                "INSERT INTO auth_sessions (id_hash, account_id, created_at, last_seen_at, \
                 idle_expires_at, absolute_expires_at, data) VALUES ($1, $2, $3, $3, $4, $4, '{}')",
            )
            .bind(format!("bulk-session-{i}"))
            .bind(user)
            .bind(now)
            .bind(now + 3600)
            .execute(exe)
            .await
            .map(|done| done.rows_affected()))
            .unwrap();
        }
    }

    /// The user row of `email` as the app's `User`.
    pub async fn identity(&self, email: &str) -> quire::identity::User {
        let row: (i64, String, String, i64, bool) = quire_auth::on_db!(self.db, |exe| {
            sqlx::query_as(
                "SELECT a.id, u.display_name, u.role, a.auth_epoch, a.email_verified \
             FROM auth_accounts a JOIN users u ON u.id = a.id WHERE a.email = $1",
            )
            .bind(email)
            .fetch_one(exe)
            .await
        })
        .unwrap();
        quire::identity::User {
            id: row.0,
            display_name: row.1,
            role: row.2.parse().unwrap(),
            active: true,
            auth_epoch: row.3,
            email_verified: row.4,
        }
    }
}
