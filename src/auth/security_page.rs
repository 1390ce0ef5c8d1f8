//! Account → Security: passkeys, two-step sign-in with an authenticator app, and recovery codes.
//! The secret is shown only while the app is being set up; recovery codes only once, when made.
use leptos::prelude::*;
use leptos_meta::Title;

use super::passkeys_section::{PasskeyEvents, PasskeySection};
use super::sudo::{is_sudo_required, ConfirmPassword, SudoPrompt};
use crate::{
    error::AppError,
    factors::api::{
        security_status, CodesWithoutJs, ConfirmTotp, CreateRecoveryCodes, SecurityView,
        StartTotpSetup, TurnOffTotp,
    },
    passkeys::api::{RemovePasskey, RenamePasskey},
    ui::{field_error, load, loaded_inline, AccountTabs, Field, FormError},
};

#[component]
pub fn SecurityPage() -> impl IntoView {
    let start = ServerAction::<StartTotpSetup>::new();
    let confirm_code = ServerAction::<ConfirmTotp>::new();
    let turn_off = ServerAction::<TurnOffTotp>::new();
    let codes = ServerAction::<CreateRecoveryCodes>::new();
    let confirm = ServerAction::<ConfirmPassword>::new();
    let rename = ServerAction::<RenamePasskey>::new();
    let remove = ServerAction::<RemovePasskey>::new();
    let events = PasskeyEvents {
        problem: RwSignal::new(None),
        added: RwSignal::new(0),
    };
    let status = Resource::new_blocking(
        move || {
            let versions = [start.version(), confirm_code.version(), turn_off.version()];
            (
                versions.map(|v| v.get()),
                codes.version().get(),
                confirm.version().get(),
            )
        },
        |_| load(security_status()),
    );
    // Without JavaScript the codes form posts to `/account/security`, which answers with
    // this page and the new codes in its context (see `account_forms`).
    let posted = use_context::<CodesWithoutJs>().map(|c| c.0);
    let without_js = Resource::new_blocking(
        || (),
        move |_| {
            let posted = posted.clone();
            async move { posted }
        },
    );
    let made = Signal::derive(move || codes.value().get().or_else(|| without_js.get().flatten()));
    let errors = [
        crate::ui::action_error(start),
        crate::ui::action_error(confirm_code),
        crate::ui::action_error(turn_off),
        Signal::derive(move || made.get().and_then(Result::err)),
        crate::ui::action_error(rename),
        crate::ui::action_error(remove),
        events.problem.into(),
    ];
    let asked = Signal::derive(move || {
        errors
            .iter()
            .any(|e| is_sudo_required(e.get().map(Err::<(), _>)))
    });
    let error = Signal::derive(move || {
        errors
            .iter()
            .find_map(|e| e.get())
            .filter(|e| *e != AppError::SudoRequired)
    });
    let submit_codes = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        codes.dispatch(CreateRecoveryCodes {});
    };
    view! {
        <Title text="Security" />
        <section class="card">
            <AccountTabs />
            <h1>"Security"</h1>
            <SudoPrompt asked confirm />
            <FormError error />
            <PasskeySection rename remove events />
            <h2>"Two-step sign-in"</h2>
            <p>"With two-step sign-in, a stolen password is not enough: signing in also needs a code from an app on your phone."</p>
            {move || made.get().and_then(Result::ok).map(|list| view! { <FreshCodes list /> })}
            <Transition fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    loaded_inline(status.await, move |view| view! {
                        <Status view start confirm_code turn_off submit_codes error />
                    })
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Status(
    view: SecurityView,
    start: ServerAction<StartTotpSetup>,
    confirm_code: ServerAction<ConfirmTotp>,
    turn_off: ServerAction<TurnOffTotp>,
    submit_codes: impl Fn(leptos::ev::SubmitEvent) + Copy + 'static,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    if view.enabled {
        let left = format!(
            "Two-step sign-in is on. You have {} unused recovery code(s).",
            view.codes_left
        );
        return view! {
            <p role="status">{left}</p>
            <form method="post" action="/account/security" on:submit=submit_codes class="inline">
                <button type="submit">"Make new recovery codes"</button>
            </form>
            " "
            <ActionForm action=turn_off attr:class="inline">
                <button type="submit" class="secondary">"Turn two-step sign-in off"</button>
            </ActionForm>
        }
        .into_any();
    }
    match view.setup {
        Some(setup) => view! {
            <h2>"Set up your authenticator app"</h2>
            <p>"Scan this code with an authenticator app (such as FreeOTP, Aegis or Google Authenticator), or type the key below into it. Then enter the code it shows."</p>
            // Generated on the server by the qrcode crate from Quire's own otpauth URL: only
            // rectangles, no user text (X03).
            <div class="qr" role="img" aria-label="QR code for your authenticator app" inner_html=setup.svg></div>
            <p>"Key: " <code id="totp-secret">{setup.secret}</code></p>
            <ActionForm action=confirm_code>
                <Field label="Code from the app" name="code" autocomplete="one-time-code" error=field_error(error, "code") />
                <button type="submit">"Turn on two-step sign-in"</button>
            </ActionForm>
        }
        .into_any(),
        None => view! {
            <p role="status">"Two-step sign-in is off."</p>
            <ActionForm action=start>
                <button type="submit">"Set up an authenticator app"</button>
            </ActionForm>
        }
        .into_any(),
    }
}

#[component]
fn FreshCodes(list: Vec<String>) -> impl IntoView {
    view! {
        <div class="new-token" role="status">
            <p>"Your recovery codes. Each works once, when you cannot use your app. Save them somewhere safe now: they will not be shown again."</p>
            <ul class="recovery-codes">
                {list.into_iter().map(|code| view! { <li><code>{code}</code></li> }).collect_view()}
            </ul>
        </div>
    }
}
