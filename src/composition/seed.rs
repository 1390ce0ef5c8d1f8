//! `quire seed`: demo users, posts and comments for a development database. Refuses production
//! mode. There are no fixed demo credentials: one random password is made per run and printed.
use secrecy::SecretString;

use crate::identity::Role;
use crate::server::{config::Config, database};
use quire_auth::passwords::Passwords;

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("refusing to seed demo data: site.production is true")]
    Production,
    #[error("the database already holds demo data (user {0} exists)")]
    AlreadySeeded(String),
    #[error(transparent)]
    Db(#[from] quire_auth::db::DbError),
    #[error("database error: {0}")]
    Sql(#[from] sqlx::Error),
    #[error("database error: {0}")]
    Auth(#[from] quire_auth::Error),
    #[error("could not hash the demo password")]
    Hash,
}

const USERS: [(&str, &str, Role); 4] = [
    ("admin@demo.quire.test", "Demo Admin", Role::Admin),
    ("ada@demo.quire.test", "Ada Lovelace", Role::Author),
    ("grace@demo.quire.test", "Grace Hopper", Role::Author),
    ("alan@demo.quire.test", "Alan Turing", Role::Reader),
];

const TOPICS: [&str; 6] = [
    "Sessions",
    "Cookies",
    "Tokens",
    "Passwords",
    "Markdown",
    "Leptos",
];

fn post_body(topic: &str, n: usize) -> String {
    format!(
        "Notes on **{topic}**, part {n}.\n\n\
         - Keep secrets on the server\n- Read permissions fresh\n- Test what you claim\n\n\
         ```rust\nlet answer = {n} * 2;\n```\n\n\
         > Security is a process, not a product.\n\n[Read the essay](https://example.com/)"
    )
}

/// Fills the database named by `config` and returns the demo password.
pub async fn run(config: &Config, now: i64) -> Result<String, SeedError> {
    if config.site.production {
        return Err(SeedError::Production);
    }
    let db = database::connect(&crate::server::config::DatabaseConfig {
        max_connections: 2,
        ..config.database.clone()
    })
    .await?;
    let taken: Option<String> = quire_auth::on_db!(db, |exe| sqlx::query_scalar(
        "SELECT email FROM auth_accounts WHERE email = $1"
    )
    .bind(USERS[1].0)
    .fetch_optional(exe)
    .await)?;
    if let Some(email) = taken {
        return Err(SeedError::AlreadySeeded(email));
    }
    let password: String = quire_auth::secret::random_secret(20);
    let hash = Passwords::new()
        .hash(SecretString::from(password.clone()))
        .await
        .map_err(|_| SeedError::Hash)?;
    let admin_exists = crate::auth::server::admin_exists(&db).await?;
    let mut ids = Vec::new();
    for (email, name, role) in USERS {
        // An existing admin (made through /setup) stays the only one.
        let role = if role == Role::Admin && admin_exists {
            Role::Reader
        } else {
            role
        };
        let account = quire_auth::accounts::NewAccount {
            email,
            password_hash: &hash,
            verified: true,
            now,
        };
        let mut tx = quire_auth::db::write(&db).await?;
        let id = crate::auth::server::insert_account(&mut tx, account, name, role).await?;
        tx.commit().await?;
        let id = id.ok_or_else(|| SeedError::AlreadySeeded(email.to_owned()))?;
        ids.push(id);
    }
    for n in 0..24 {
        let topic = TOPICS[n % TOPICS.len()];
        let published = n != 23;
        let at = now - (24 - n as i64) * 86_400;
        let post_id: i64 = quire_auth::on_db!(db, |exe| {
            sqlx::query_scalar(
            "INSERT INTO posts (author_id, slug, title, body, published, published_at, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
        )
        .bind(ids[1 + n % 2])
        .bind(format!("{}-part-{}", topic.to_lowercase(), n + 1))
        .bind(format!("{topic}, part {}", n + 1))
        .bind(post_body(topic, n + 1))
        .bind(published)
        .bind(published.then_some(at))
        .bind(at)
        .fetch_one(exe)
        .await
        })?;
        for (i, text) in [
            "Thanks, this helped.",
            "What about <script>alert(1)</script>? Shown as text.",
        ]
        .iter()
        .enumerate()
        .take(1 + n % 2)
        {
            quire_auth::on_db!(db, |exe| {
                sqlx::query(
                "INSERT INTO comments (post_id, author_id, body, created_at) VALUES ($1, $2, $3, $4)",
            )
            .bind(post_id)
            .bind(ids[3])
            .bind(text)
            .bind(at + 3600 * (i as i64 + 1))
            .execute(exe)
            .await
            .map(|done| done.rows_affected())
            })?;
        }
    }
    Ok(password)
}
