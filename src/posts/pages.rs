//! The home page (published posts, paged), a post with its comments, and an author's own posts.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::api::{get_post, list_posts, my_posts, DeletePost, PostSummary, PostView};
use crate::{
    auth::api::setup_needed,
    comments::{
        api::{AddComment, DeleteComment},
        pages::Comments,
    },
    ui::{load, loaded, Page, Pager},
};

/// Posts as a list of titles, bylines and excerpts. Excerpts are plain text.
#[component]
pub fn PostList(posts: Vec<PostSummary>, #[prop(optional)] edit_links: bool) -> impl IntoView {
    if posts.is_empty() {
        return view! { <p class="empty">"No posts yet."</p> }.into_any();
    }
    view! {
        <ol class="post-list">
            {posts.into_iter().map(|post| {
                let href = format!("/posts/{}", post.slug);
                let edit = edit_links.then(|| {
                    let href = format!("/posts/{}/edit", post.slug);
                    let label = format!("Edit “{}”", post.title);
                    view! { " · " <a href=href aria-label=label>"Edit"</a> }
                });
                view! {
                    <li>
                        <h2><a href=href>{post.title}</a></h2>
                        <p class="byline">
                            {post.author} " · " {post.date.date()}
                            " · " {comment_label(post.comment_count)}
                            {(!post.published).then(|| view! { " " <span class="badge">"Draft"</span> })}
                            {edit}
                        </p>
                        <p class="excerpt">{post.excerpt}</p>
                    </li>
                }
            }).collect_view()}
        </ol>
    }
    .into_any()
}

fn comment_label(count: i64) -> String {
    match count {
        1 => "1 comment".to_owned(),
        n => format!("{n} comments"),
    }
}

#[component]
pub fn HomePage() -> impl IntoView {
    let query = use_query_map();
    let page = move || Page::from_query(query.read().get("page"));
    let posts = Resource::new_blocking(page, |page| {
        load(async move { list_posts(Some(page?)).await })
    });
    // Blocking: answered from memory once an admin exists, and waiting for it sends the page in
    // one piece instead of a second streamed chunk (about 15% more pages a second).
    let setup = Resource::new_blocking(|| (), |_| setup_needed());
    view! {
        <Title text="" />
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                matches!(setup.await, Ok(true)).then(|| view! {
                    <p class="notice" role="status">
                        "Quire has no administrator yet. " <a href="/setup">"Set it up now"</a> "."
                    </p>
                })
            })}
        </Suspense>
        <section class="card">
            <h1 class="visually-hidden">"Latest posts"</h1>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    loaded(posts.await, |list| view! {
                        <PostList posts=list.items />
                        <Pager page=list.page has_more=list.has_more />
                    })
                })}
            </Suspense>
        </section>
    }
}

#[component]
pub fn PostPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let page = move || Page::from_query(query.read().get("page"));
    let add = ServerAction::<AddComment>::new();
    let remove = ServerAction::<DeleteComment>::new();
    let post = Resource::new_blocking(
        move || (slug(), page(), add.version().get(), remove.version().get()),
        |(slug, page, _, _)| load(async move { get_post(slug, Some(page?)).await }),
    );
    view! {
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                loaded(post.await, |post| view! { <Article post add remove /> })
            })}
        </Suspense>
    }
}

#[component]
fn Article(
    post: PostView,
    add: ServerAction<AddComment>,
    remove: ServerAction<DeleteComment>,
) -> impl IntoView {
    let delete = ServerAction::<DeletePost>::new();
    let slug = post.slug.clone();
    let manage = post.can_edit.then(move || {
        let edit = format!("/posts/{slug}/edit");
        view! {
            <div class="actions">
                <a class="button secondary" href=edit>"Edit"</a>
                <ActionForm action=delete attr:class="inline">
                    <input type="hidden" name="slug" value=slug />
                    <input type="hidden" name="next" value="/" />
                    <button type="submit" class="danger">"Delete post"</button>
                </ActionForm>
            </div>
        }
    });
    view! {
        <Title text=post.title.clone() />
        <article class="card post">
            <header>
                <h1>{post.title}</h1>
                <p class="byline">
                    {post.author} " · " {post.date.date()}
                    {post.updated.map(|at| format!(" · updated {}", at.date()))}
                    {(!post.published).then(|| view! { " " <span class="badge">"Draft"</span> })}
                </p>
                {manage}
            </header>
            // Rendered from Markdown and sanitised by ammonia on the server (markdown.rs).
            <div class="prose" inner_html=post.html></div>
        </article>
        <Comments slug=post.slug count=post.comment_count comments=post.comments
            access=post.commenting add remove />
    }
}

#[component]
pub fn MyPostsPage() -> impl IntoView {
    let query = use_query_map();
    let page = move || Page::from_query(query.read().get("page"));
    let posts = Resource::new_blocking(page, |page| {
        load(async move { my_posts(Some(page?)).await })
    });
    view! {
        <Title text="Your posts" />
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                loaded(posts.await, |list| view! {
                    <section class="card">
                        <h1>"Your posts"</h1>
                        <p><a class="button" href="/write">"Write a new post"</a></p>
                        <PostList posts=list.items edit_links=true />
                        <Pager page=list.page has_more=list.has_more />
                    </section>
                })
            })}
        </Suspense>
    }
}
