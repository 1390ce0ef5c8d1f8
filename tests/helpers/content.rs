//! Users with roles, and posts, made through the same server functions the browser calls.
use super::{bare_client, client, TestApp};
use reqwest::{Client, Response, StatusCode};

impl TestApp {
    /// A new user with `role` (set in the database), signed in on the returned client.
    pub async fn user_with_role(&self, email: &str, name: &str, role: &str) -> Client {
        let client = client();
        let response = self.register(&client, email, name).await;
        assert_eq!(response.status(), StatusCode::OK, "register {email}");
        self.set_role(email, role).await;
        client
    }

    pub async fn set_role(&self, email: &str, role: &str) {
        quire_auth::on_db!(self.db, |exe| sqlx::query(
            "UPDATE users SET role = $1 WHERE id = (SELECT id FROM auth_accounts WHERE email = $2)"
        )
        .bind(role)
        .bind(email)
        .execute(exe)
        .await
        .map(|done| done.rows_affected()))
        .unwrap();
    }

    /// Saves a post through the server function; `published` ticks the checkbox.
    pub async fn save_post(
        &self,
        client: &Client,
        original_slug: Option<&str>,
        title: &str,
        body: &str,
        published: bool,
    ) -> Response {
        let mut form = vec![("title", title), ("body", body)];
        if let Some(slug) = original_slug {
            form.push(("original_slug", slug));
        }
        if published {
            form.push(("published", "on"));
        }
        self.call(client, "save_post", &form).await
    }

    /// The slug a successful `save_post` answered with.
    pub async fn new_post(
        &self,
        client: &Client,
        title: &str,
        body: &str,
        published: bool,
    ) -> String {
        let response = self.save_post(client, None, title, body, published).await;
        assert_eq!(response.status(), StatusCode::OK, "save_post {title}");
        response.json().await.unwrap()
    }

    /// A tokenless GET of a JSON API route, and its body.
    pub async fn get_json(&self, path: &str) -> serde_json::Value {
        let response = bare_client().get(self.url(path)).send().await.unwrap();
        response.json().await.expect("a JSON body")
    }

    pub async fn status_of(&self, client: &Client, path: &str) -> StatusCode {
        client.get(self.url(path)).send().await.unwrap().status()
    }

    /// The body of `GET path`, whatever its status (see `page` for one that must be 200).
    pub async fn body_of(&self, client: &Client, path: &str) -> String {
        let response = client.get(self.url(path)).send().await.unwrap();
        response.text().await.unwrap()
    }
}
