//! Imports run one way, down the layers (shared/ARCHITECTURE.md). This reads every `crate::…`
//! path under `src/` and fails when a module imports from a layer above its own, or when
//! modules import each other in a cycle. The layer order is data: change `LAYERS` on purpose.
use std::{collections::BTreeMap, collections::BTreeSet, fs, path::Path};

/// Top to bottom. A module may import from its own layer (without a cycle) and from below.
const LAYERS: &[(&str, &[&str])] = &[
    ("composition", &["lib", "main", "composition"]),
    ("product features", &["admin", "posts", "comments"]),
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
];

/// Macros that `#[macro_export]` puts at the crate root, with the module that defines them.
const ROOT_MACROS: &[(&str, &str)] = &[("on_db", "server")];

type Graph = BTreeMap<String, BTreeSet<String>>;

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|(_, ms)| ms.contains(&module))
}

/// The module a file belongs to: its top-level folder or file.
fn module_of(relative: &Path) -> String {
    let first = relative.with_extension("");
    let first = first.iter().next().unwrap_or_default();
    first.to_string_lossy().into_owned()
}

/// The top-level modules named by `crate::x` paths, including every name in `crate::{a, b::c}`.
fn imported_modules(source: &str) -> BTreeSet<String> {
    let code: String = source
        .lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    let mut found = BTreeSet::new();
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let (mut depth, mut start) = (1, true);
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 1 => break,
                    '}' => depth -= 1,
                    ',' if depth == 1 => start = true,
                    c if start && (c.is_alphanumeric() || c == '_') => {
                        found.insert(ident(&group[i..]));
                        start = false;
                    }
                    _ => {}
                }
            }
        } else {
            found.insert(ident(rest));
        }
    }
    found.retain(|m| !m.is_empty());
    found
        .into_iter()
        .map(|m| match ROOT_MACROS.iter().find(|(name, _)| *name == m) {
            Some((_, module)) => module.to_string(),
            None => m,
        })
        .collect()
}

fn read_graph(root: &Path) -> Graph {
    let mut graph = Graph::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let module = module_of(path.strip_prefix(root).unwrap());
                let imports = imported_modules(&fs::read_to_string(&path).unwrap());
                let edges = graph.entry(module.clone()).or_default();
                edges.extend(imports.into_iter().filter(|m| *m != module));
            }
        }
    }
    graph
}

/// Every broken rule, in words.
fn violations(graph: &Graph) -> Vec<String> {
    let mut found = Vec::new();
    for (from, imports) in graph {
        let Some(own) = layer_of(from) else {
            found.push(format!("{from} is in no layer"));
            continue;
        };
        for to in imports {
            match layer_of(to) {
                None => found.push(format!("{from} imports {to}, which is in no layer")),
                Some(layer) if layer < own => found.push(format!(
                    "{from} ({}) imports {to} ({}), a layer above",
                    LAYERS[own].0, LAYERS[layer].0
                )),
                _ => {}
            }
        }
    }
    found.extend(cycles(graph));
    found
}

/// Cycles between modules, found by depth-first search.
fn cycles(graph: &Graph) -> Vec<String> {
    fn visit(
        node: &str,
        graph: &Graph,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
        out: &mut Vec<String>,
    ) {
        if let Some(at) = path.iter().position(|n| n == node) {
            out.push(format!("cycle: {} -> {node}", path[at..].join(" -> ")));
            return;
        }
        if !done.insert(node.to_owned()) {
            return;
        }
        path.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            visit(next, graph, path, done, out);
        }
        path.pop();
    }
    let (mut out, mut done) = (Vec::new(), BTreeSet::new());
    for node in graph.keys() {
        visit(node, graph, &mut Vec::new(), &mut done, &mut out);
    }
    out
}

#[test]
fn imports_run_one_way_down_the_layers() {
    let graph = read_graph(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    assert!(graph.contains_key("sessions") && graph.contains_key("composition"));
    let broken = violations(&graph);
    assert!(broken.is_empty(), "{}", broken.join("\n"));
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
    let broken = violations(&made_up);
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
    let found: Vec<String> = imported_modules(source).into_iter().collect();
    assert_eq!(found, ["api", "identity", "server"]);
}

/// Whether the map names `module`: a folder as `name/`, a file as `name.rs`.
fn named_in(map: &str, module: &str) -> bool {
    map.contains(&format!("{module}/")) || map.contains(&format!("{module}.rs"))
}

#[test]
fn the_map_in_docs_names_every_layer_and_module() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let map = fs::read_to_string(root.join("docs/architecture.md")).unwrap();
    let mut missing = Vec::new();
    for (layer, modules) in LAYERS {
        let first_word = layer.split(' ').next().unwrap_or(layer);
        if !map.lines().any(|l| l.starts_with(first_word)) {
            missing.push(format!("layer {layer}"));
        }
        missing.extend(
            modules
                .iter()
                .filter(|m| !named_in(&map, m))
                .map(|m| m.to_string()),
        );
    }
    assert!(
        missing.is_empty(),
        "docs/architecture.md does not name: {missing:?}"
    );
}

#[test]
fn the_map_check_sees_a_missing_module() {
    let map = "composition   main.rs, composition/\nbase  identity/";
    assert!(named_in(map, "main") && named_in(map, "composition"));
    assert!(named_in(map, "identity") && !named_in(map, "error"));
}
