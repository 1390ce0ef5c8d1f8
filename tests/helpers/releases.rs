//! Databases as earlier releases left them, for the upgrade tests: each migration sequence cut
//! off where that release stopped.
use super::{fresh_database_url, on_postgres, TestApp};
use sqlx::migrate::Migrator;

/// An earlier release: Quire's migrations up to `quire`, and quire-auth's up to `auth` (its
/// versions count from 900000000000), each sequence as that release shipped it.
pub struct Release {
    pub quire: i64,
    pub auth: i64,
}

impl Release {
    /// The migrations under `source` up to `last`, copied to `into`.
    async fn migrator(source: &std::path::Path, last: i64, into: &std::path::Path) -> Migrator {
        let backend = if on_postgres() { "postgres" } else { "sqlite" };
        std::fs::create_dir(into).unwrap();
        for entry in std::fs::read_dir(source.join(backend)).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let version: i64 = name.split('_').next().unwrap().parse().unwrap();
            if version <= last {
                std::fs::copy(&path, into.join(&name)).unwrap();
            }
        }
        let mut migrator = Migrator::new(into).await.unwrap();
        migrator.set_ignore_missing(true);
        migrator
    }

    /// A database at `dir` as this release left it, with `statements` run on it. As at every
    /// start, quire-auth's migrations run before Quire's.
    pub async fn database(&self, dir: &std::path::Path, statements: &[&str]) -> String {
        let url = fresh_database_url(dir).await;
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let auth = Self::migrator(
            &root.join("crates/quire-auth/migrations"),
            self.auth,
            &dir.join("auth-migrations"),
        )
        .await;
        let quire = Self::migrator(
            &root.join("migrations"),
            self.quire,
            &dir.join("migrations"),
        )
        .await;
        if on_postgres() {
            let pool = sqlx::PgPool::connect(&url).await.unwrap();
            auth.run(&pool).await.unwrap();
            quire.run(&pool).await.unwrap();
            for sql in statements {
                sqlx::query(sql).execute(&pool).await.unwrap();
            }
        } else {
            let options = format!("{url}?mode=rwc");
            let pool = sqlx::SqlitePool::connect(&options).await.unwrap();
            auth.run(&pool).await.unwrap();
            quire.run(&pool).await.unwrap();
            for sql in statements {
                sqlx::query(sql).execute(&pool).await.unwrap();
            }
        }
        url
    }
}

/// The highest id in `table`: rows that moved keep theirs, and new ones must come after.
pub async fn newest_id(app: &TestApp, table: &str) -> i64 {
    let sql = format!("SELECT MAX(id) FROM {table}");
    quire_auth::on_db!(app.db, |exe| sqlx::query_scalar(&sql).fetch_one(exe).await).unwrap()
}
