//! The security page's two-step settings: set up an authenticator app, make recovery codes,
//! turn it off. Plain forms, each in sudo mode; new recovery codes are shown once, with or
//! without JavaScript.
use leptos::{form::ActionForm, prelude::*};

use super::{refusal, Field, Refusal, SudoPrompt};
use crate::{
    api::{two_step, ConfirmTwoStep, NewRecoveryCodes, StartTwoStep, TurnOffTwoStep},
    texts::texts,
    AuthError, AuthenticatorSetup, RecoveryCodes, TwoStepView,
};

/// The forms of the settings, one action each; none changes who is signed in.
#[derive(Clone, Copy)]
struct Forms {
    start: ServerAction<StartTwoStep>,
    confirm: ServerAction<ConfirmTwoStep>,
    turn_off: ServerAction<TurnOffTwoStep>,
    renew: ServerAction<NewRecoveryCodes>,
}

/// Two-step sign-in for the signed-in account: whether it is on, setting up an authenticator
/// app (a QR code and the key to type, then a code from the app turns it on), how many
/// recovery codes are left, a button that makes a new set (shown once), and one that turns it
/// off. Every change asks for the password first ([`SudoPrompt`]) unless it was confirmed in
/// the last few minutes, and is mailed to the owner when the site sends mail. Needs the
/// settings turned on (`AuthServer::authenticator_apps`).
///
/// ```
/// use leptos::prelude::*;
/// use quire_auth_leptos::TwoStepSettings;
///
/// #[component]
/// fn SecurityPage() -> impl IntoView {
///     view! { <h2>"Two-step sign-in"</h2> <TwoStepSettings /> }
/// }
/// ```
#[component]
pub fn TwoStepSettings() -> impl IntoView {
    let texts = texts();
    let forms = Forms {
        start: ServerAction::new(),
        confirm: ServerAction::new(),
        turn_off: ServerAction::new(),
        renew: ServerAction::new(),
    };
    // Blocking: reading this page removes the cookie that carries a new recovery codes to a
    // browser without JavaScript, and a header set after the response began streaming would be
    // lost (the recovery codes would show again on the next load).
    let settings = Resource::new_blocking(
        move || {
            let Forms {
                start,
                confirm,
                turn_off,
                renew,
            } = forms;
            // Read again after each change: the four counts only grow.
            start.version().get()
                + confirm.version().get()
                + turn_off.version().get()
                + renew.version().get()
        },
        |_| two_step(),
    );
    let refusals = [
        refusal(forms.start),
        refusal(forms.confirm),
        refusal(forms.turn_off),
        refusal(forms.renew),
    ];
    let refused = move || refusals.iter().find_map(|refusal| refusal.get());
    let asked = Signal::derive(move || refused() == Some(AuthError::SudoRequired));
    let other = Signal::derive(move || refused().filter(|e| *e != AuthError::SudoRequired));
    // With JavaScript new codes come back in the action's answer; without, in the page that
    // the browser is sent back to.
    let made = move || forms.renew.value().get().and_then(Result::ok);
    view! {
        <SudoPrompt asked />
        <Refusal error=other />
        {move || made().map(|codes| view! { <Codes codes /> })}
        <Suspense>
            {move || Suspend::new(async move {
                match settings.await {
                    Ok(view) => view! { <Settings view forms /> }.into_any(),
                    Err(_) => view! {
                        <p class="auth-error" role="alert">{texts.two_step_unavailable}</p>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Settings(view: TwoStepView, forms: Forms) -> impl IntoView {
    let texts = texts();
    let state = match (view.on, view.setup) {
        (true, _) => view! {
            <p class="auth-two-step-on">{texts.two_step_on}</p>
            <p class="auth-codes-left">{texts.codes_left} " " {view.codes_left}</p>
            <ActionForm action=forms.renew attr:class="auth-form auth-new-codes">
                <button type="submit">{texts.new_recovery_codes}</button>
            </ActionForm>
            <ActionForm action=forms.turn_off attr:class="auth-form auth-turn-off-two-step">
                <button type="submit">{texts.turn_off_two_step}</button>
            </ActionForm>
        }
        .into_any(),
        (false, Some(setup)) => view! { <Setup setup confirm=forms.confirm /> }.into_any(),
        (false, None) => view! {
            <p class="auth-two-step-off">{texts.two_step_off}</p>
            <ActionForm action=forms.start attr:class="auth-form auth-start-two-step">
                <button type="submit">{texts.set_up_app}</button>
            </ActionForm>
        }
        .into_any(),
    };
    view! {
        {view.new_codes.map(|codes| view! { <Codes codes /> })}
        {state}
    }
}

/// The app being set up: the QR code, the key as text, and the code that confirms it.
#[component]
fn Setup(setup: AuthenticatorSetup, confirm: ServerAction<ConfirmTwoStep>) -> impl IntoView {
    let texts = texts();
    view! {
        <div class="auth-setup">
            <p>{texts.scan_code}</p>
            // Drawn by the server from the otpauth URL: rectangles only, no text, no script.
            <div class="auth-qr" inner_html=setup.svg></div>
            <code class="auth-setup-key">{setup.secret}</code>
            <p><a class="auth-setup-link" href=setup.url>{texts.open_in_app}</a></p>
            <ActionForm action=confirm attr:class="auth-form auth-confirm-two-step">
                <Field label=texts.code name="code" kind="text" autocomplete="one-time-code" />
                <button type="submit">{texts.confirm_app}</button>
            </ActionForm>
        </div>
    }
}

/// Recovery codes just made, to write down now: they are never shown again.
#[component]
fn Codes(codes: RecoveryCodes) -> impl IntoView {
    let texts = texts();
    view! {
        <div class="auth-new-codes-shown" role="status">
            <p>{texts.keep_codes}</p>
            <ul class="auth-recovery-codes">
                {codes.0.into_iter().map(|code| view! { <li><code>{code}</code></li> }).collect_view()}
            </ul>
        </div>
    }
}
