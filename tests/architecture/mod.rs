//! The shape of the workspace (shared/ARCHITECTURE.md), read from the source: in each crate,
//! imports run one way, down its layers, without cycles; `docs/architecture.md` names every
//! layer and module of each crate in that crate's section; and the auth crates stay reusable:
//! no Leptos in the core, no blog words in either. The layer tables are data: change them on
//! purpose, with the map.
use std::{fs, path::Path};

mod graph;
use graph::{imported_modules, read_graph, violations, Graph};

/// One crate of the workspace, as the checks see it.
pub struct Crate {
    /// The folder of its `src/`, from the workspace root.
    pub src: &'static str,
    /// The heading of its section in docs/architecture.md.
    pub section: &'static str,
    /// Top to bottom. A module may import from its own layer (without a cycle) and from below.
    pub layers: &'static [(&'static str, &'static [&'static str])],
    /// Names at the crate root (a `#[macro_export]` macro, a `pub use`), with the module that
    /// defines them.
    pub root_names: &'static [(&'static str, &'static str)],
}

const QUIRE: Crate = Crate {
    src: "src",
    section: "## Quire (src/)",
    layers: &[
        ("composition", &["lib", "main", "composition"]),
        (
            "product features",
            &["admin", "posts", "comments", "drafts"],
        ),
        (
            "credentials",
            &[
                "recovery", "auth", "factors", "passkeys", "tokens", "sessions",
            ],
        ),
        ("api kit", &["api"]),
        ("services", &["audit", "limits", "mail"]),
        ("plumbing", &["server", "ui"]),
        ("base", &["identity", "error", "lookalike", "timestamp"]),
    ],
    root_names: &[],
};

const QUIRE_AUTH: Crate = Crate {
    src: "crates/quire-auth/src",
    section: "## quire-auth (crates/quire-auth/)",
    layers: &[
        ("root", &["lib"]),
        ("middleware", &["origin_check"]),
        (
            "credentials",
            &[
                "sessions",
                "tokens",
                "links",
                "recovery_codes",
                "totp",
                "pending_sign_ins",
                "revocation",
                "password_check",
                "second_step",
                "password_reset",
                "passkeys",
            ],
        ),
        ("accounts", &["accounts"]),
        ("checks", &["throttle", "rate", "passwords", "token_format"]),
        ("storage", &["db", "error"]),
        ("foundation", &["client", "clock", "secret", "audit"]),
    ],
    root_names: &[
        ("on_db", "db"),
        ("Error", "error"),
        ("ClientInfo", "client"),
    ],
};

const QUIRE_AUTH_LEPTOS: Crate = Crate {
    src: "crates/quire-auth-leptos/src",
    section: "## quire-auth-leptos (crates/quire-auth-leptos/)",
    layers: &[
        ("root", &["lib"]),
        ("components", &["components"]),
        ("state", &["context"]),
        ("server functions", &["api"]),
        ("browser", &["passkey_browser", "tab_watch"]),
        ("server", &["server", "status"]),
        ("vocabulary", &["views", "error", "texts", "events"]),
    ],
    root_names: &[
        ("AuthError", "error"),
        ("HttpRefusal", "error"),
        ("CallFailure", "error"),
        ("AuthUser", "views"),
        ("SessionView", "views"),
        ("PasskeyView", "views"),
        ("TokenView", "views"),
        ("TokensView", "views"),
        ("NewToken", "views"),
        ("TwoStepView", "views"),
        ("AuthenticatorSetup", "views"),
        ("RecoveryCodes", "views"),
        ("IdleClock", "views"),
        ("Texts", "texts"),
        ("use_auth", "context"),
        ("provide_auth", "context"),
        ("Auth", "context"),
        ("AuthServer", "server"),
        ("Paths", "server"),
        ("SignInForm", "components"),
        ("SessionList", "components"),
        ("SignOutButton", "components"),
        ("RegisterForm", "components"),
        ("SudoPrompt", "components"),
        ("CodeForm", "components"),
        ("PasskeySignInButton", "components"),
        ("PasskeyList", "components"),
        ("TokenList", "components"),
        ("TwoStepSettings", "components"),
        ("ChangePasswordForm", "components"),
    ],
};

const CRATES: &[&Crate] = &[&QUIRE, &QUIRE_AUTH, &QUIRE_AUTH_LEPTOS];

/// The auth crates: what an adopter gets, so nothing of the blog may show.
const AUTH_CRATES: &[&str] = &["crates/quire-auth", "crates/quire-auth-leptos"];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn imports_run_one_way_down_the_layers() {
    for krate in CRATES {
        let graph = read_graph(krate);
        assert!(graph.len() > 3, "{} read as {graph:?}", krate.src);
        let broken = violations(krate, &graph);
        assert!(broken.is_empty(), "{}:\n{}", krate.src, broken.join("\n"));
    }
}

#[test]
fn the_checker_reports_an_upward_import_and_a_cycle() {
    let made_up: Graph = [
        ("server", vec!["auth"]),
        ("auth", vec!["sessions", "error"]),
        ("sessions", vec!["tokens"]),
        ("tokens", vec!["sessions"]),
        ("error", vec![]),
    ]
    .into_iter()
    .map(|(m, is)| (m.to_owned(), is.into_iter().map(str::to_owned).collect()))
    .collect();
    let broken = violations(&QUIRE, &made_up);
    assert!(
        broken
            .iter()
            .any(|v| v.starts_with("server (plumbing) imports auth")),
        "{broken:?}"
    );
    assert!(
        broken
            .iter()
            .any(|v| v.contains("cycle: sessions -> tokens -> sessions")),
        "{broken:?}"
    );
    assert_eq!(broken.len(), 2, "{broken:?}");
}

#[test]
fn grouped_and_inline_paths_are_both_read() {
    let source = "use crate::{\n    api::{ApiError, Scope},\n    identity::User,\n};\n// crate::nothing\nlet x = crate::server::request::state();";
    let found: Vec<String> = imported_modules(&QUIRE, source).into_iter().collect();
    assert_eq!(found, ["api", "identity", "server"]);
    let macro_use = imported_modules(&QUIRE_AUTH, "crate::on_db!(db, |c| c)");
    assert_eq!(macro_use.into_iter().collect::<Vec<_>>(), ["db"]);
}

/// The part of the map under `heading`, up to the next heading of its level.
fn section<'m>(map: &'m str, heading: &str) -> Option<&'m str> {
    let start = map.find(&format!("\n{heading}\n"))? + 1;
    let rest = &map[start + heading.len()..];
    Some(&map[start..start + heading.len() + rest.find("\n## ").unwrap_or(rest.len())])
}

/// Whether the map names `module`: a folder as `name/`, a file as `name.rs`.
fn named_in(map: &str, module: &str) -> bool {
    map.contains(&format!("{module}/")) || map.contains(&format!("{module}.rs"))
}

/// What the map leaves out of `krate`: layers (by their first word, starting a line) and
/// modules.
fn missing_from(map: &str, krate: &Crate) -> Vec<String> {
    let Some(part) = section(map, krate.section) else {
        return vec![format!("the section {}", krate.section)];
    };
    let mut missing = Vec::new();
    for (layer, modules) in krate.layers {
        let first_word = layer.split(' ').next().unwrap_or(layer);
        if !part.lines().any(|l| l.starts_with(first_word)) {
            missing.push(format!("layer {layer}"));
        }
        let unnamed = modules.iter().filter(|m| !named_in(part, m));
        missing.extend(unnamed.map(|m| m.to_string()));
    }
    missing
}

#[test]
fn the_map_in_docs_names_every_layer_and_module_of_each_crate() {
    let map = fs::read_to_string(root().join("docs/architecture.md")).unwrap();
    for krate in CRATES {
        let missing = missing_from(&map, krate);
        assert!(
            missing.is_empty(),
            "docs/architecture.md does not name, for {}: {missing:?}",
            krate.src
        );
    }
}

#[test]
fn the_map_check_sees_a_missing_module_and_a_missing_section() {
    let map = "# Map\n\n## Quire (src/)\n\ncomposition   main.rs, lib.rs\nbase  identity/\n\n## other\n\nerror.rs";
    let missing = missing_from(map, &QUIRE);
    assert!(missing.contains(&"error".to_owned()), "{missing:?}");
    assert!(!missing.contains(&"identity".to_owned()), "{missing:?}");
    assert!(!missing.contains(&"main".to_owned()), "{missing:?}");
    assert_eq!(missing_from(map, &QUIRE_AUTH).len(), 1);
}

/// Words of the blog, which an auth crate must not use: a reusable account system knows no
/// posts, comments, authors or blog scopes.
fn blog_words(source: &str) -> Vec<String> {
    const WORDS: &[&str] = &[
        "post", "posts", "comment", "comments", "author", "authors", "blog",
    ];
    source
        .split(|c: char| !c.is_alphanumeric() && c != '_')
        .flat_map(|word| word.split('_'))
        .filter(|word| WORDS.contains(word) || word.starts_with("Posts"))
        .map(str::to_owned)
        .collect()
}

fn files_under(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, out);
        } else if path
            .extension()
            .is_some_and(|e| e == "rs" || e == "md" || e == "toml" || e == "sql")
        {
            out.push(path);
        }
    }
}

#[test]
fn the_auth_crates_know_no_blog_and_the_core_no_leptos() {
    for krate in AUTH_CRATES {
        let mut files = Vec::new();
        files_under(&root().join(krate), &mut files);
        assert!(files.len() > 5, "{krate}: {files:?}");
        for file in files {
            let words = blog_words(&fs::read_to_string(&file).unwrap());
            assert!(words.is_empty(), "{} says {words:?}", file.display());
        }
    }
    let core = fs::read_to_string(root().join("crates/quire-auth/Cargo.toml")).unwrap();
    assert!(!core.contains("leptos"), "the core crate depends on Leptos");
}

/// `server/` is plumbing: it counts writes and sets cookies by name, and the blog's words stay
/// in the features. Only the configuration, which reads every setting the app has, names them.
#[test]
fn the_plumbing_knows_no_blog_but_its_settings() {
    let mut files = Vec::new();
    files_under(&root().join("src/server"), &mut files);
    assert!(files.len() > 5, "{files:?}");
    for file in files {
        let name = file.file_name().unwrap().to_string_lossy();
        if name.starts_with("config") {
            continue;
        }
        let words = blog_words(&fs::read_to_string(&file).unwrap());
        assert!(words.is_empty(), "{} says {words:?}", file.display());
    }
}

#[test]
fn the_blog_word_check_finds_a_blog_word() {
    assert_eq!(blog_words("fn may_read_post(p: Post)"), ["post"]);
    assert_eq!(
        blog_words("Scope::PostsWrite, a blog"),
        ["PostsWrite", "blog"]
    );
    assert!(blog_words("postgres://, a POST request, posted").is_empty());
}
