//! Bench only, never part of the product (#14): one "who am I" JSON endpoint, authenticated
//! five ways on one axum stack over Quire's own database, so `bench/auth_compare.py` can put
//! the essay's trade-off in numbers:
//!
//! - `/whoami/session`: Quire's session cookie, through quire-auth's session layer (one
//!   query joining the session and its user; role and active flag read fresh);
//! - `/whoami/token`: Quire's opaque bearer token (one query by hash, user read fresh);
//! - `/whoami/jwt-hs256` and `/whoami/jwt-eddsa`: a stateless JWT (`jsonwebtoken`), whose
//!   claims are trusted until they expire: no database at all;
//! - `/whoami/none`: no authentication, the ceiling.
//!
//! Run: `cargo run --release --features ssr --example auth_bench -- <email>`, with the usual
//! `QUIRE_…` variables for the database and the address. It prints two JWTs for `<email>`
//! (valid one hour), then serves until stopped.
use axum::{
    extract::State,
    http::{header, HeaderMap, StatusCode},
    routing::get,
    Json, Router,
};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use quire::{
    composition::startup::Application,
    identity::{CurrentUser, User},
    server::{config::Config, state::AppState},
    tokens::server::Principal,
};
use quire_auth::{clock::SystemClock, sessions::Current};
use ring::signature::KeyPair as _;
use serde::{Deserialize, Serialize};
use std::{path::Path, sync::Arc};

// The product's allocator, so the comparison is with Quire as it ships.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Serialize, Deserialize)]
struct Claims {
    sub: i64,
    name: String,
    role: String,
    exp: u64,
}

#[derive(Serialize)]
struct WhoAmI {
    id: i64,
    name: String,
    role: String,
}

impl From<&User> for WhoAmI {
    fn from(user: &User) -> Self {
        WhoAmI {
            id: user.id,
            name: user.display_name.clone(),
            role: user.role.as_str().to_owned(),
        }
    }
}

struct Keys {
    hs256: (EncodingKey, DecodingKey),
    eddsa: (EncodingKey, DecodingKey),
}

#[derive(Clone)]
struct Bench {
    keys: Arc<Keys>,
}

fn keys() -> Keys {
    let secret: [u8; 32] = rand_bytes();
    let rng = ring::rand::SystemRandom::new();
    let pkcs8 = ring::signature::Ed25519KeyPair::generate_pkcs8(&rng).expect("an Ed25519 key");
    let pair = ring::signature::Ed25519KeyPair::from_pkcs8(pkcs8.as_ref()).expect("its pair");
    Keys {
        hs256: (
            EncodingKey::from_secret(&secret),
            DecodingKey::from_secret(&secret),
        ),
        eddsa: (
            EncodingKey::from_ed_der(pkcs8.as_ref()),
            DecodingKey::from_ed_der(pair.public_key().as_ref()),
        ),
    }
}

fn rand_bytes() -> [u8; 32] {
    let mut bytes = [0u8; 32];
    ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut bytes).expect("random");
    bytes
}

async fn by_session(Current(user): CurrentUser) -> Result<Json<WhoAmI>, StatusCode> {
    user.as_ref()
        .map(|u| Json(u.into()))
        .ok_or(StatusCode::UNAUTHORIZED)
}

async fn by_token(me: Principal) -> Json<WhoAmI> {
    Json((&me.user).into())
}

fn by_jwt(
    headers: &HeaderMap,
    key: &DecodingKey,
    alg: Algorithm,
) -> Result<Json<WhoAmI>, StatusCode> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or(StatusCode::UNAUTHORIZED)?;
    let claims = jsonwebtoken::decode::<Claims>(token, key, &Validation::new(alg))
        .map_err(|_| StatusCode::UNAUTHORIZED)?
        .claims;
    Ok(Json(WhoAmI {
        id: claims.sub,
        name: claims.name,
        role: claims.role,
    }))
}

async fn by_hs256(
    State(bench): State<Bench>,
    headers: HeaderMap,
) -> Result<Json<WhoAmI>, StatusCode> {
    by_jwt(&headers, &bench.keys.hs256.1, Algorithm::HS256)
}

async fn by_eddsa(
    State(bench): State<Bench>,
    headers: HeaderMap,
) -> Result<Json<WhoAmI>, StatusCode> {
    by_jwt(&headers, &bench.keys.eddsa.1, Algorithm::EdDSA)
}

async fn nobody() -> Json<WhoAmI> {
    Json(WhoAmI {
        id: 0,
        name: "nobody".into(),
        role: "reader".into(),
    })
}

/// The JWTs a sign-in would hand out: the user's id, name and role as they are now.
async fn mint(state: &AppState, keys: &Keys, email: &str) -> (String, String) {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: i64,
        display_name: String,
        role: String,
    }
    let user: Row = quire_auth::on_db!(state.db, |exe| sqlx::query_as(
        "SELECT a.id, u.display_name, u.role FROM auth_accounts a JOIN users u ON u.id = a.id \
         WHERE a.email = $1"
    )
    .bind(email)
    .fetch_one(exe)
    .await)
    .expect("the bench user exists");
    let claims = Claims {
        sub: user.id,
        name: user.display_name,
        role: user.role,
        exp: jsonwebtoken::get_current_timestamp() + 3600,
    };
    let sign = |alg, key| jsonwebtoken::encode(&Header::new(alg), &claims, key).expect("signed");
    (
        sign(Algorithm::HS256, &keys.hs256.0),
        sign(Algorithm::EdDSA, &keys.eddsa.0),
    )
}

#[tokio::main]
async fn main() {
    let email = std::env::args().nth(1).expect("usage: auth_bench <email>");
    let mut config = Config::load(Path::new("Leptos.toml")).expect("configuration");
    // The app is built only for its state (pool, store, clock); this server binds the address.
    let address = config.site.address;
    config.site.address = ([127, 0, 0, 1], 0).into();
    let app = Application::build(config, Arc::new(SystemClock))
        .await
        .expect("start");
    let state = app.state().clone();
    let keys = keys();
    let (hs256, eddsa) = mint(&state, &keys, &email).await;
    println!("hs256 {hs256}\neddsa {eddsa}");
    let sessions = Router::new()
        .route("/whoami/session", get(by_session))
        .layer(
            state
                .sessions
                .layer::<User>()
                .cookie_name(state.config.session_cookie_name())
                .secure(state.config.site.production)
                .build(),
        )
        .with_state(state.clone());
    let tokens = Router::new()
        .route("/whoami/token", get(by_token))
        .with_state(state.clone());
    let jwts = Router::new()
        .route("/whoami/jwt-hs256", get(by_hs256))
        .route("/whoami/jwt-eddsa", get(by_eddsa))
        .route("/whoami/none", get(nobody))
        .with_state(Bench {
            keys: Arc::new(keys),
        });
    let router = Router::new().merge(sessions).merge(tokens).merge(jwts);
    let listener = tokio::net::TcpListener::bind(address).await.expect("bind");
    drop(app);
    println!("listening");
    axum::serve(listener, router).await.expect("serve");
}
