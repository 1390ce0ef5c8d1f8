//! The CSRF origin check as a layer on a real router: cross-site writes never reach the
//! handler, same-site ones do, reads always do, and a foreign `Referer` is taken away.
use axum::{
    body::Body,
    http::{header, Request, StatusCode},
    middleware::from_fn_with_state,
    response::IntoResponse,
    routing::get,
    Router,
};
use quire_auth::origin_check::{require_same_origin, SameOrigin};
use std::sync::{
    atomic::{AtomicUsize, Ordering},
    Arc,
};
use tower::ServiceExt;

const SITE: &str = "https://app.example.org";

fn app(reached: Arc<AtomicUsize>) -> Router {
    let handler = move |request: Request<Body>| {
        let reached = reached.clone();
        async move {
            reached.fetch_add(1, Ordering::SeqCst);
            let referer = request.headers().get(header::REFERER).cloned();
            format!("{referer:?}").into_response()
        }
    };
    let check = SameOrigin::new(SITE)
        .refuse_with(|_| (StatusCode::FORBIDDEN, "refused by the app").into_response());
    Router::new()
        .route("/settings", get(handler.clone()).put(handler))
        .layer(from_fn_with_state(check, require_same_origin))
}

fn put(headers: &[(&str, &str)]) -> Request<Body> {
    let mut request = Request::put("/settings");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.body(Body::empty()).unwrap()
}

async fn send(app: &Router, request: Request<Body>) -> (StatusCode, String) {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let body = axum::body::to_bytes(response.into_body(), 1024)
        .await
        .unwrap();
    (status, String::from_utf8_lossy(&body).into_owned())
}

#[tokio::test]
async fn c01_cross_site_writes_are_refused_before_the_handler_with_the_apps_answer() {
    let reached = Arc::new(AtomicUsize::new(0));
    let app = app(reached.clone());
    for headers in [
        &[("sec-fetch-site", "cross-site"), ("origin", SITE)][..],
        &[("origin", "https://evil.example")][..],
        &[][..],
    ] {
        let (status, body) = send(&app, put(headers)).await;
        assert_eq!(
            (status, body.as_str()),
            (StatusCode::FORBIDDEN, "refused by the app")
        );
    }
    assert_eq!(reached.load(Ordering::SeqCst), 0);
    let read = Request::get("/settings").body(Body::empty()).unwrap();
    assert_eq!(send(&app, read).await.0, StatusCode::OK, "reads pass");
}

#[tokio::test]
async fn c05_same_site_writes_pass_and_keep_only_their_own_referer() {
    let reached = Arc::new(AtomicUsize::new(0));
    let app = app(reached.clone());
    let own = format!("{SITE}/settings?tab=1");
    let (status, body) = send(
        &app,
        put(&[("sec-fetch-site", "same-origin"), ("referer", &own)]),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("tab=1"), "{body}");
    let foreign = put(&[("origin", SITE), ("referer", "https://evil.example/x")]);
    let (status, body) = send(&app, foreign).await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "None"));
    assert_eq!(reached.load(Ordering::SeqCst), 2);
}
