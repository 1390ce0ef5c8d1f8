//! Admin → Moderation: the newest posts (drafts included) and comments, each deletable.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{
    api::moderation,
    pages::{console_loaded, AdminTabs},
};
use crate::{
    comments::api::{DeleteComment, ModeratedComment},
    posts::api::{DeletePost, PostSummary},
    ui::{load, FormError, Page, Pager},
};

#[component]
pub fn ModerationPage() -> impl IntoView {
    let query = use_query_map();
    let page = move || Page::from_query(query.read().get("page"));
    let delete_post = ServerAction::<DeletePost>::new();
    let delete_comment = ServerAction::<DeleteComment>::new();
    let content = Resource::new_blocking(
        move || {
            (
                page(),
                delete_post.version().get(),
                delete_comment.version().get(),
            )
        },
        |(page, _, _)| load(async move { moderation(Some(page?)).await }),
    );
    let error = Signal::derive(move || {
        let failed = |r: Option<Result<(), _>>| r.and_then(Result::err);
        failed(delete_post.value().get()).or_else(|| failed(delete_comment.value().get()))
    });
    view! {
        <Title text="Moderation" />
        <section class="card wide">
            <AdminTabs />
            <h1>"Moderation"</h1>
            <FormError error />
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    console_loaded(content.await, move |m| {
                        let more = m.posts.has_more || m.comments.has_more;
                        view! {
                            <h2>"Posts"</h2>
                            <PostRows posts=m.posts.items delete=delete_post />
                            <h2>"Comments"</h2>
                            <CommentRows comments=m.comments.items delete=delete_comment />
                            <Pager page=m.posts.page has_more=more />
                        }
                    })
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn PostRows(posts: Vec<PostSummary>, delete: ServerAction<DeletePost>) -> impl IntoView {
    view! {
        <ul class="moderation">
            {posts.into_iter().map(|post| {
                let label = format!("Delete post “{}”", post.title);
                view! {
                    <li>
                        <a href=format!("/posts/{}", post.slug)>{post.title}</a>
                        " · " {post.author} " · " {post.date.date()}
                        {(!post.published).then(|| view! { " " <span class="badge">"Draft"</span> })}
                        <ActionForm action=delete attr:class="inline">
                            <input type="hidden" name="slug" value=post.slug />
                            <input type="hidden" name="next" value="/admin/moderation" />
                            <button type="submit" class="link danger" aria-label=label>"Delete"</button>
                        </ActionForm>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

#[component]
fn CommentRows(
    comments: Vec<ModeratedComment>,
    delete: ServerAction<DeleteComment>,
) -> impl IntoView {
    view! {
        <ul class="moderation">
            {comments.into_iter().map(|c| {
                let label = format!("Delete comment by {} on “{}”", c.author, c.post_title);
                view! {
                    <li>
                        <strong>{c.author}</strong> " on "
                        <a href=format!("/posts/{}", c.post_slug)>{c.post_title}</a> " · " {c.date.date_time()}
                        <p class="comment-body">{c.body}</p>
                        <ActionForm action=delete attr:class="inline">
                            <input type="hidden" name="id" value=c.id />
                            <button type="submit" class="link danger" aria-label=label>"Delete"</button>
                        </ActionForm>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
