//! The shell, the route table and the header.
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, Lazy, SsrMode,
};

use super::lazy_pages as lazy;
use crate::{
    auth::{
        code_page::CodePage,
        pages::{provide_auth, AccountNav, RegisterPage, SignInPage},
    },
    posts::pages::{HomePage, PostPage},
    recovery::{
        email_page::{
            CancelEmailChangePage, ConfirmEmailChangePage, EmailChangeCancelledPage,
            EmailChangedPage, EmailSentPage,
        },
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
    view! {
        // `mark_hydrated` flips this once the whole page has hydrated, lazy parts included.
        <div class="page" data-hydrated="false">
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
                <Route path=path!("outbox") view={Lazy::<lazy::Outbox>::new()} ssr=SSR />
                <Route path=path!("register/sent") view=RegisterSentPage ssr=SSR />
                <Route path=path!("verify-email") view=VerifyEmailPage ssr=SSR />
                <Route path=path!("verify-email/done") view=VerifyDonePage ssr=SSR />
                <Route path=path!("verify-email/sent") view=VerifySentPage ssr=SSR />
                <Route path=path!("account/email") view={Lazy::<lazy::Email>::new()} ssr=SSR />
                <Route path=path!("account/security") view={Lazy::<lazy::Security>::new()} ssr=SSR />
                <Route path=path!("sign-in/code") view=CodePage ssr=SSR />
                <Route path=path!("account/email/sent") view=EmailSentPage ssr=SSR />
                <Route path=path!("confirm-email-change") view=ConfirmEmailChangePage ssr=SSR />
                <Route path=path!("confirm-email-change/done") view=EmailChangedPage ssr=SSR />
                <Route path=path!("cancel-email-change") view=CancelEmailChangePage ssr=SSR />
                <Route path=path!("cancel-email-change/done") view=EmailChangeCancelledPage ssr=SSR />
                <Route path=path!("account/sessions") view={Lazy::<lazy::Sessions>::new()} ssr=SSR />
                <Route path=path!("account/password") view={Lazy::<lazy::Password>::new()} ssr=SSR />
                <Route path=path!("account/tokens") view={Lazy::<lazy::Tokens>::new()} ssr=SSR />
                <Route path=path!("posts/:slug") view=PostPage ssr=SSR />
                <Route path=path!("posts/:slug/edit") view={Lazy::<lazy::Editor>::new()} ssr=SSR />
                <Route path=path!("write") view={Lazy::<lazy::Editor>::new()} ssr=SSR />
                <Route path=path!("my-posts") view={Lazy::<lazy::MyPosts>::new()} ssr=SSR />
                <Route path=path!("setup") view={Lazy::<lazy::Setup>::new()} ssr=SSR />
                <Route path=path!("admin") view={Lazy::<lazy::AdminUsers>::new()} ssr=SSR />
                <Route path=path!("admin/users") view={Lazy::<lazy::AdminUsers>::new()} ssr=SSR />
                <Route path=path!("admin/moderation") view={Lazy::<lazy::AdminModeration>::new()} ssr=SSR />
                <Route path=path!("admin/audit") view={Lazy::<lazy::AdminAudit>::new()} ssr=SSR />
                <Route path=path!("admin/tokens") view={Lazy::<lazy::AdminTokens>::new()} ssr=SSR />
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

/// Marks the page as hydrated (`data-hydrated="true"`), which end-to-end tests wait for before
/// they exercise the enhanced (JavaScript) behaviour.
#[cfg(feature = "hydrate")]
pub fn mark_hydrated() {
    let page = leptos::tachys::dom::document().query_selector(".page");
    if let Ok(Some(page)) = page {
        let _ = page.set_attribute("data-hydrated", "true");
    }
}
