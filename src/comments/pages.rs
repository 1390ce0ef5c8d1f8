//! The comments under a post, and the form to add one. Comment text is rendered as text, so
//! markup in it is shown, never run.
use leptos::prelude::*;

use super::api::{AddComment, CommentAccess, CommentView, DeleteComment, COMMENT_MAX_CHARS};
use crate::{
    recovery::verify_pages::VerifyNotice,
    ui::{field_error, FormError, Paged, Pager},
};

/// One page of a post's comments, oldest first; the pager shows only when there is more than
/// one page.
#[component]
pub fn Comments(
    slug: String,
    count: i64,
    comments: Paged<CommentView>,
    access: CommentAccess,
    add: ServerAction<AddComment>,
    remove: ServerAction<DeleteComment>,
) -> impl IntoView {
    let Paged {
        items,
        page,
        has_more,
    } = comments;
    let pager = (page.number() > 1 || has_more).then(|| {
        view! { <Pager page has_more labels=("← Earlier", "Later →") fragment="#comments" /> }
    });
    view! {
        <section class="card comments" id="comments" aria-labelledby="comments-heading">
            <h2 id="comments-heading">{format!("Comments ({count})")}</h2>
            <ol class="comment-list">
                {items.into_iter().map(|c| view! { <Comment comment=c remove /> }).collect_view()}
            </ol>
            {pager}
            {match access {
                CommentAccess::Open => view! { <CommentForm slug add /> }.into_any(),
                CommentAccess::VerifyFirst => view! { <VerifyNotice doing="comment" /> }.into_any(),
                CommentAccess::SignIn => {
                    view! { <p><a href="/sign-in">"Sign in"</a> " to comment."</p> }.into_any()
                }
            }}
        </section>
    }
}

#[component]
fn Comment(comment: CommentView, remove: ServerAction<DeleteComment>) -> impl IntoView {
    let label = format!("Delete comment by {}", comment.author);
    let anchor = format!("comment-{}", comment.id);
    view! {
        <li class="comment" id=anchor>
            <p class="byline"><strong>{comment.author}</strong> " · " {comment.date.date_time()}</p>
            <p class="comment-body">{comment.body}</p>
            {comment.can_delete.then(|| view! {
                <ActionForm action=remove attr:class="inline">
                    <input type="hidden" name="id" value=comment.id />
                    <button type="submit" class="link" aria-label=label>"Delete"</button>
                </ActionForm>
            })}
        </li>
    }
}

#[component]
fn CommentForm(slug: String, add: ServerAction<AddComment>) -> impl IntoView {
    let error = crate::ui::action_error(add);
    let body_error = field_error(error, "body");
    view! {
        <FormError error />
        // Re-rendered after each successful comment, which empties the text area.
        {move || {
            add.version().get();
            let slug = slug.clone();
            view! {
                <ActionForm action=add>
                    <input type="hidden" name="slug" value=slug />
                    <div class="field">
                        <label for="field-comment">"Your comment"</label>
                        <textarea id="field-comment" name="body" rows="4" required
                            maxlength=COMMENT_MAX_CHARS
                            aria-invalid=move || if body_error.get().is_some() { "true" } else { "false" }
                            aria-describedby="field-comment-error"></textarea>
                        <p class="field-error" id="field-comment-error">{move || body_error.get()}</p>
                    </div>
                    <button type="submit">"Post comment"</button>
                </ActionForm>
            }
        }}
    }
}
