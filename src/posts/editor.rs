//! The post editor: a plain form that posts to `save_post` (works without JavaScript), with a
//! live preview once the page has hydrated. The preview is rendered by the server, with the
//! same sanitiser as the post page, so what the author sees is what readers will get.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use std::time::Duration;

use super::api::{editor_draft, preview_markdown, Draft, SavePost, BODY_MAX_BYTES};
use crate::{
    recovery::verify_pages::VerifyNotice,
    ui::{field_error, load, loaded, raw_text, Field, FormError},
};

/// `/write` (no slug) and `/posts/:slug/edit`. The draft is loaded through the server, which
/// refuses anyone who may not write, so the editor is not merely hidden from them.
#[component]
pub fn EditorPage() -> impl IntoView {
    let params = use_params_map();
    let save = ServerAction::<SavePost>::new();
    let draft = Resource::new_blocking(
        move || params.read().get("slug"),
        |slug| load(editor_draft(slug)),
    );
    view! {
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                loaded(draft.await, |draft| view! { <Editor draft save /> })
            })}
        </Suspense>
    }
}

#[component]
fn Editor(draft: Draft, save: ServerAction<SavePost>) -> impl IntoView {
    let error = crate::ui::action_error(save);
    let body_error = field_error(error, "body");
    let heading = if draft.slug.is_some() {
        "Edit post"
    } else {
        "New post"
    };
    let body = RwSignal::new(draft.body.clone());
    view! {
        <Title text=heading />
        <section class="card editor">
            <h1>{heading}</h1>
            {draft.must_verify.then(|| view! { <VerifyNotice doing="publish" /> })}
            <FormError error />
            <ActionForm action=save>
                {draft.slug.map(|slug| view! { <input type="hidden" name="original_slug" value=slug /> })}
                <Field label="Title" name="title" value=draft.title error=field_error(error, "title") />
                <div class="field">
                    <label for="field-body">"Body (Markdown)"</label>
                    <textarea id="field-body" name="body" rows="18" required
                        maxlength=BODY_MAX_BYTES
                        aria-invalid=move || if body_error.get().is_some() { "true" } else { "false" }
                        aria-describedby="field-body-error"
                        on:input=move |ev| body.set(event_target_value(&ev))>{raw_text::textarea(&draft.body)}</textarea>
                    <p class="field-error" id="field-body-error">{move || body_error.get()}</p>
                </div>
                <label class="check">
                    <input type="checkbox" name="published" value="on" checked=draft.published />
                    " Published (visible to everyone)"
                </label>
                <button type="submit">"Save"</button>
            </ActionForm>
            <Preview body />
        </section>
    }
}

/// Shown only in the browser. Asks the server 300 ms after the author stops typing.
#[component]
fn Preview(body: RwSignal<String>) -> impl IntoView {
    let hydrated = RwSignal::new(false);
    let settled = RwSignal::new(body.get_untracked());
    Effect::new(move |_| hydrated.set(true));
    Effect::new(move |_| {
        let text = body.get();
        // The editor may be gone when the timer fires (the author saved and moved on): then
        // the signals are disposed, and touching them would panic and stop the app.
        set_timeout(
            move || {
                if body.try_get_untracked().as_ref() == Some(&text) {
                    let _ = settled.try_set(text);
                }
            },
            Duration::from_millis(300),
        );
    });
    let html = LocalResource::new(move || {
        let text = settled.get();
        async move {
            if text.trim().is_empty() {
                Ok(String::new())
            } else {
                preview_markdown(text).await
            }
        }
    });
    view! {
        <Show when=move || hydrated.get()>
            <section class="preview" aria-labelledby="preview-heading">
                <h2 id="preview-heading">"Preview"</h2>
                <div aria-live="polite">
                    {move || html.get().map(|result| match result {
                        // Sanitised by the server (markdown.rs), exactly as on the post page.
                        Ok(html) => view! { <div class="prose" inner_html=html></div> }.into_any(),
                        Err(error) => view! { <p class="form-error">{error.to_string()}</p> }.into_any(),
                    })}
                </div>
            </section>
        </Show>
    }
}
