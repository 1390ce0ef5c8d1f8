//! The shell, the route table and the header.
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

use crate::{
    admin::{
        audit_page::AuditPage, moderation::ModerationPage, pages::UsersPage, setup::SetupPage,
        tokens_page::UserTokensPage,
    },
    auth::{
        code_page::CodePage,
        pages::{provide_auth, AccountNav, RegisterPage, SignInPage},
        password_page::ChangePasswordPage,
        security_page::SecurityPage,
    },
    auth::{sessions_page::SessionsPage, tokens_page::TokensPage},
    mail::outbox_page::OutboxPage,
    posts::{
        editor::EditorPage,
        pages::{HomePage, MyPostsPage, PostPage},
    },
    recovery::{
        email_page::{ConfirmEmailChangePage, EmailChangedPage, EmailPage, EmailSentPage},
        pages::{ForgotPasswordPage, ResetDonePage, ResetPasswordPage, ResetSentPage},
        verify_pages::{RegisterSentPage, VerifyDonePage, VerifyEmailPage, VerifySentPage},
    },
};

pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <AutoReload options=options.clone() />
                <crate::ui::scripts::AppScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    #[cfg(feature = "ssr")]
    crate::server::headers::set_page_policy();
    view! {
        <Stylesheet id="leptos" href="/pkg/quire.css" />
        <Title formatter=title_text />
        <Router>
            <Layout />
        </Router>
    }
}

/// The document title for a page, escaped for `<title>` on the server (see `ui::raw_text`).
fn title_text(page: String) -> String {
    if page.is_empty() {
        "Quire".into()
    } else {
        crate::ui::raw_text::escaped(&format!("{page} · Quire"))
    }
}

/// In-order streaming waits for each `<Suspense>` and writes its content in place, so the header
/// is right in the first HTML with or without JS. (Out-of-order streaming would send it in a
/// template that only a script swaps in; `PartiallyBlocked` does that at random, leptos#3048.)
const SSR: SsrMode = SsrMode::InOrder;

/// Inside the router, so actions see a form error carried back in the URL when JS is off.
#[component]
fn Layout() -> impl IntoView {
    provide_auth();
    // Effects run only in the browser: this flips once the app has hydrated, which end-to-end
    // tests wait for before they exercise the enhanced (JavaScript) behaviour.
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    view! {
        <div class="page" data-hydrated=move || hydrated.get().to_string()>
        <header class="site-header">
            <a class="brand" href="/">"Quire"</a>
            <AccountNav />
        </header>
        <main>
            <Routes fallback=NotFound>
                <Route path=path!("") view=HomePage ssr=SSR />
                <Route path=path!("register") view=RegisterPage ssr=SSR />
                <Route path=path!("sign-in") view=SignInPage ssr=SSR />
                <Route path=path!("forgot-password") view=ForgotPasswordPage ssr=SSR />
                <Route path=path!("forgot-password/sent") view=ResetSentPage ssr=SSR />
                <Route path=path!("reset-password") view=ResetPasswordPage ssr=SSR />
                <Route path=path!("reset-password/done") view=ResetDonePage ssr=SSR />
                <Route path=path!("outbox") view=OutboxPage ssr=SSR />
                <Route path=path!("register/sent") view=RegisterSentPage ssr=SSR />
                <Route path=path!("verify-email") view=VerifyEmailPage ssr=SSR />
                <Route path=path!("verify-email/done") view=VerifyDonePage ssr=SSR />
                <Route path=path!("verify-email/sent") view=VerifySentPage ssr=SSR />
                <Route path=path!("account/email") view=EmailPage ssr=SSR />
                <Route path=path!("account/security") view=SecurityPage ssr=SSR />
                <Route path=path!("sign-in/code") view=CodePage ssr=SSR />
                <Route path=path!("account/email/sent") view=EmailSentPage ssr=SSR />
                <Route path=path!("confirm-email-change") view=ConfirmEmailChangePage ssr=SSR />
                <Route path=path!("confirm-email-change/done") view=EmailChangedPage ssr=SSR />
                <Route path=path!("account/sessions") view=SessionsPage ssr=SSR />
                <Route path=path!("account/password") view=ChangePasswordPage ssr=SSR />
                <Route path=path!("account/tokens") view=TokensPage ssr=SSR />
                <Route path=path!("posts/:slug") view=PostPage ssr=SSR />
                <Route path=path!("posts/:slug/edit") view=EditorPage ssr=SSR />
                <Route path=path!("write") view=EditorPage ssr=SSR />
                <Route path=path!("my-posts") view=MyPostsPage ssr=SSR />
                <Route path=path!("setup") view=SetupPage ssr=SSR />
                <Route path=path!("admin") view=UsersPage ssr=SSR />
                <Route path=path!("admin/users") view=UsersPage ssr=SSR />
                <Route path=path!("admin/moderation") view=ModerationPage ssr=SSR />
                <Route path=path!("admin/audit") view=AuditPage ssr=SSR />
                <Route path=path!("admin/tokens") view=UserTokensPage ssr=SSR />
            </Routes>
        </main>
        </div>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="Not found" />
        <section class="card">
            <h1>"Page not found"</h1>
            <p><a href="/">"Back to the home page"</a></p>
        </section>
    }
}
