//! The pages: home, register, sign in (and its code step), sessions, passkeys, tokens,
//! forgot/reset, address verification.
//! The forms and the signed-in header's watches are quire-auth-leptos'.
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    hooks::use_query_map,
    path, SsrMode,
};
use quire_auth_leptos::{
    provide_auth, use_auth, AuthUser, ChangePasswordForm, CodeForm, ConfirmEmailButton,
    ForgotPasswordForm, IdleWarning, PasskeyList, PasskeySignInButton, RegisterForm,
    ResetPasswordForm, SessionList, SignInForm, SignOutButton, SignedOutWatch, TokenList,
    TwoStepSettings,
};

/// The HTML document every page is rendered into.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// Each page is sent in order, its account parts included, so it reads complete without
/// JavaScript (out-of-order streaming would need a script to put them in place).
const SSR: SsrMode = SsrMode::InOrder;

/// The app: a header and its pages.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_auth();
    view! {
        <Stylesheet href="/pkg/accounts.css" />
        <Title text="Accounts" />
        <Router>
            <header>
                <a href="/" class="brand">"Accounts"</a>
                // A signed-in tab hears when its session ends elsewhere, and warns before
                // it ends for being idle.
                <WhenSignedIn
                    signed_in=|_| view! { <SignedOutWatch /> <IdleWarning /> }
                    signed_out=|| ().into_any()
                />
            </header>
            <main>
                <Routes fallback=|| view! { <p>"Nothing here."</p> }>
                    <Route path=path!("/") view=Home ssr=SSR />
                    <Route path=path!("/register") view=RegisterPage ssr=SSR />
                    <Route path=path!("/sign-in") view=SignInPage ssr=SSR />
                    <Route path=path!("/sign-in/code") view=CodePage ssr=SSR />
                    <Route path=path!("/sessions") view=SessionsPage ssr=SSR />
                    <Route path=path!("/security") view=SecurityPage ssr=SSR />
                    <Route path=path!("/tokens") view=TokensPage ssr=SSR />
                    <Route path=path!("/forgot-password") view=ForgotPage ssr=SSR />
                    <Route path=path!("/reset-password") view=ResetPage ssr=SSR />
                    <Route path=path!("/verify-email") view=VerifyPage ssr=SSR />
                </Routes>
            </main>
        </Router>
    }
}

/// Shows `signed_in` with the account, or `signed_out`, once the account is known.
#[component]
fn WhenSignedIn<F, V>(signed_in: F, signed_out: fn() -> AnyView) -> impl IntoView
where
    F: Fn(AuthUser) -> V + Copy + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let auth = use_auth();
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match auth.user.await {
                    Ok(Some(user)) => signed_in(user).into_any(),
                    _ => signed_out(),
                }
            })}
        </Suspense>
    }
}

fn invitation() -> AnyView {
    view! {
        <p>"You are not signed in."</p>
        <p><a href="/sign-in">"Sign in"</a> " or " <a href="/register">"create an account"</a> "."</p>
    }
    .into_any()
}

#[component]
fn Home() -> impl IntoView {
    let query = use_query_map();
    let said = move |key: &str| query.read().get(key).is_some();
    view! {
        <h1>"Welcome"</h1>
        <Show when=move || said("verified")>
            <p class="notice" role="status">"Your address is confirmed."</p>
        </Show>
        <Show when=move || said("password-changed")>
            <p class="notice" role="status">"Your password is changed. Every other session has ended."</p>
        </Show>
        <WhenSignedIn
            signed_in=|user| view! {
                <p class="greeting">"Signed in as " <strong>{user.name}</strong> "."</p>
                <p><a href="/sessions">"Where you are signed in"</a></p>
                <p><a href="/security">"Passkeys, two-step sign-in, password"</a></p>
                <p><a href="/tokens">"Access tokens"</a></p>
                <SignOutButton />
            }
            signed_out=invitation
        />
    }
}

#[component]
fn RegisterPage() -> impl IntoView {
    view! {
        <Title text="Create your account" />
        <h1>"Create your account"</h1>
        <RegisterForm />
        <p>"Have an account? " <a href="/sign-in">"Sign in"</a></p>
    }
}

#[component]
fn SignInPage() -> impl IntoView {
    let query = use_query_map();
    let said = move |key: &str| query.read().get(key).is_some();
    view! {
        <Title text="Sign in" />
        <h1>"Sign in"</h1>
        <Show when=move || said("registered")>
            <p class="notice" role="status">"If that address was new, its account is ready: sign in."</p>
        </Show>
        <Show when=move || said("ended")>
            <p class="notice" role="status">"You have been signed out."</p>
        </Show>
        <Show when=move || said("idle")>
            <p class="notice" role="status">"You were signed out because this tab was idle."</p>
        </Show>
        <Show when=move || said("reset")>
            <p class="notice" role="status">"Your new password is set: sign in with it."</p>
        </Show>
        <SignInForm />
        <PasskeySignInButton />
        <p><a href="/forgot-password">"Forgot your password?"</a></p>
        <p>"New here? " <a href="/register">"Create an account"</a></p>
    }
}

/// Where a right password leads when the account has an authenticator app.
#[component]
fn CodePage() -> impl IntoView {
    view! {
        <Title text="Two-step sign-in" />
        <h1>"Two-step sign-in"</h1>
        <CodeForm />
        <p><a href="/sign-in">"Start again"</a></p>
    }
}

#[component]
fn SessionsPage() -> impl IntoView {
    view! {
        <Title text="Your sessions" />
        <h1>"Where you are signed in"</h1>
        <WhenSignedIn signed_in=|_| view! { <SessionList /> } signed_out=invitation />
    }
}

#[component]
fn SecurityPage() -> impl IntoView {
    view! {
        <Title text="Security" />
        <h1>"Security"</h1>
        <WhenSignedIn
            signed_in=|_| view! {
                <h2>"Passkeys"</h2>
                <p>"A passkey signs you in with your device's screen lock instead of a password."</p>
                <PasskeyList />
                <h2>"Two-step sign-in"</h2>
                <TwoStepSettings />
                <h2>"Password"</h2>
                <p>"Changing it signs you out everywhere else and ends your access tokens."</p>
                <ChangePasswordForm />
            }
            signed_out=invitation
        />
    }
}

/// Personal access tokens for the API (`GET /api/v1/me`).
#[component]
fn TokensPage() -> impl IntoView {
    view! {
        <Title text="Access tokens" />
        <h1>"Access tokens"</h1>
        <p>"A token lets a script read your account through the API: "
           <code>"curl -H 'Authorization: Bearer …' /api/v1/me"</code></p>
        <WhenSignedIn signed_in=|_| view! { <TokenList /> } signed_out=invitation />
    }
}

/// Asks for a reset link; `?sent` says it went, without saying whether the address has an
/// account.
#[component]
fn ForgotPage() -> impl IntoView {
    let query = use_query_map();
    let sent = move || query.read().get("sent").is_some();
    view! {
        <Title text="Forgot your password?" />
        <h1>"Forgot your password?"</h1>
        <Show when=sent>
            <p class="notice" role="status">"If that address has an account, a link is on its way."</p>
        </Show>
        <ForgotPasswordForm />
    }
}

/// Where an opened reset link leads (its secret is in a cookie by now, not in the URL).
#[component]
fn ResetPage() -> impl IntoView {
    view! {
        <Title text="Choose a new password" />
        <h1>"Choose a new password"</h1>
        <ResetPasswordForm />
        <p><a href="/forgot-password">"Ask for a new link"</a></p>
    }
}

/// Where an opened verification link leads: a button confirms it.
#[component]
fn VerifyPage() -> impl IntoView {
    view! {
        <Title text="Confirm your address" />
        <h1>"Confirm your address"</h1>
        <ConfirmEmailButton />
    }
}
