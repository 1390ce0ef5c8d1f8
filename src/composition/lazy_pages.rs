//! The pages only some visitors open: the admin console, the editor, the account pages, the
//! first-run setup and the development outbox. Their routes are lazy: built with the `split`
//! feature (`cargo leptos build --release --split --features split`, which scripts/release.sh
//! and the README test command run), each is its own wasm chunk, fetched when its route is
//! entered or hydrated, so a reader's first load does not carry them. Without `split` (plain
//! `cargo leptos watch`) the same routes are compiled into the one wasm file: the wasm-split
//! loader that split routes call exists only in a split build.
use leptos::prelude::*;
use leptos_router::LazyRoute;

macro_rules! lazy_page {
    ($($route:ident => $page:path,)*) => {$(
        pub struct $route;

        #[cfg(feature = "split")]
        #[leptos_router::lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                Self
            }
            fn view(_this: Self) -> AnyView {
                view! { <$page /> }.into_any()
            }
        }

        #[cfg(not(feature = "split"))]
        impl LazyRoute for $route {
            fn data() -> Self {
                Self
            }
            async fn view(_this: Self) -> AnyView {
                view! { <$page /> }.into_any()
            }
        }
    )*};
}

lazy_page! {
    AdminUsers => crate::admin::pages::UsersPage,
    AdminModeration => crate::admin::moderation::ModerationPage,
    AdminAudit => crate::admin::audit_page::AuditPage,
    AdminTokens => crate::admin::tokens_page::UserTokensPage,
    Setup => crate::admin::setup::SetupPage,
    Editor => crate::posts::editor::EditorPage,
    MyPosts => crate::posts::pages::MyPostsPage,
    Tokens => crate::auth::tokens_page::TokensPage,
    Sessions => crate::auth::sessions_page::SessionsPage,
    Password => crate::auth::password_page::ChangePasswordPage,
    Security => crate::auth::security_page::SecurityPage,
    Email => crate::recovery::email_page::EmailPage,
    Outbox => crate::mail::outbox_page::OutboxPage,
}
