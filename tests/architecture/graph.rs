//! The import graph of one crate: every `crate::…` path under its `src/`, by top-level module,
//! and the rules it must keep (down the layers, no cycle).
use std::{collections::BTreeMap, collections::BTreeSet, fs, path::Path};

use super::Crate;

pub type Graph = BTreeMap<String, BTreeSet<String>>;

fn layer_of(krate: &Crate, module: &str) -> Option<usize> {
    krate.layers.iter().position(|(_, ms)| ms.contains(&module))
}

/// The module a file belongs to: its top-level folder or file.
fn module_of(relative: &Path) -> String {
    let first = relative.with_extension("");
    let first = first.iter().next().unwrap_or_default();
    first.to_string_lossy().into_owned()
}

/// The top-level modules named by `crate::x` paths, including every name in `crate::{a, b::c}`.
pub fn imported_modules(krate: &Crate, source: &str) -> BTreeSet<String> {
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
        .map(
            |m| match krate.root_names.iter().find(|(name, _)| *name == m) {
                Some((_, module)) => module.to_string(),
                None => m,
            },
        )
        .collect()
}

pub fn read_graph(krate: &Crate) -> Graph {
    let root = &Path::new(env!("CARGO_MANIFEST_DIR")).join(krate.src);
    let mut graph = Graph::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let module = module_of(path.strip_prefix(root).unwrap());
                let imports = imported_modules(krate, &fs::read_to_string(&path).unwrap());
                let edges = graph.entry(module.clone()).or_default();
                edges.extend(imports.into_iter().filter(|m| *m != module));
            }
        }
    }
    graph
}

/// Every broken rule, in words.
pub fn violations(krate: &Crate, graph: &Graph) -> Vec<String> {
    let mut found = Vec::new();
    for (from, imports) in graph {
        let Some(own) = layer_of(krate, from) else {
            found.push(format!("{from} is in no layer"));
            continue;
        };
        for to in imports {
            match layer_of(krate, to) {
                None => found.push(format!("{from} imports {to}, which is in no layer")),
                Some(layer) if layer < own => found.push(format!(
                    "{from} ({}) imports {to} ({}), a layer above",
                    krate.layers[own].0, krate.layers[layer].0
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
