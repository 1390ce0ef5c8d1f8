//! The idle warning, in signed-in tabs with JavaScript. Two minutes before the session's idle
//! limit the tab offers "Stay signed in", which slides the limit with one request; without an
//! answer it shows that it has been signed out once the limit passes. The tab counts on its own
//! timer from the server's figures and asks the server again (which is not activity) only when
//! a limit is reached or after the user moved to another page. Without JavaScript nothing
//! changes. A tab does not see activity in another tab until it asks, so an idle tab may warn
//! while another is busy; "Stay signed in" is then harmless.
use leptos::prelude::*;

#[component]
pub fn IdleWatch() -> impl IntoView {
    let warn = RwSignal::new(false);
    #[cfg(feature = "hydrate")]
    {
        let moved = StoredValue::new(0_u64);
        let location = leptos_router::hooks::use_location();
        Effect::new(move |_| {
            location.pathname.track();
            moved.update_value(|n| *n += 1);
        });
        Effect::new(move |_| leptos::task::spawn_local(browser_side::watch(warn, moved)));
    }
    let stay = move |_| {
        warn.set(false);
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move {
            // The watch asks for the new limit when its timer ends.
            let _ = crate::sessions::api::stay_signed_in().await;
        });
    };
    view! {
        <Show when=move || warn.get()>
            <div class="idle-warning" role="alertdialog" aria-labelledby="idle-warning-text">
                <p id="idle-warning-text">"You will be signed out in two minutes because this tab has been idle."</p>
                <button type="button" on:click=stay>"Stay signed in"</button>
            </div>
        </Show>
    }
}

#[cfg(feature = "hydrate")]
mod browser_side {
    use leptos::prelude::*;
    use quire_auth_leptos::tab_watch::{go_to, sleep_ms};

    const WARN_SECONDS: i64 = 120;

    async fn sleep(seconds: i64) {
        sleep_ms((seconds.clamp(0, 86_400) * 1000) as i32).await;
    }

    /// Whether the watch should stop (the component is gone: signed out, or another page).
    fn gone(moved: StoredValue<u64>) -> bool {
        moved.try_get_value().is_none()
    }

    pub async fn watch(warn: RwSignal<bool>, moved: StoredValue<u64>) {
        loop {
            let seen = moved.try_get_value();
            let clock = match crate::sessions::api::session_clock().await {
                Ok(clock) => clock,
                Err(_) => {
                    sleep(30).await; // the server cannot answer now: ask again later
                    continue;
                }
            };
            if gone(moved) {
                return;
            }
            let Some(clock) = clock else {
                go_to("/sign-in?idle=1");
                return;
            };
            let left = clock.idle_expires_at.0 - clock.now.0;
            if left > WARN_SECONDS {
                let _ = warn.try_set(false);
                sleep(left - WARN_SECONDS).await;
                if gone(moved) {
                    return;
                }
                if moved.try_get_value() != seen {
                    continue; // the user moved on meanwhile, which slid the limit: ask again
                }
            }
            let _ = warn.try_set(true);
            sleep(left.min(WARN_SECONDS)).await;
        }
    }
}
