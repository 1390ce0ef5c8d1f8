//! docs/SECURITY.md says which checklist items are tested; this keeps that true. Every item
//! marked "tested" must have a test whose name starts with its id (in the Rust tests, the unit
//! tests in `src/`, the auth crates' tests in `crates/`, or the Playwright titles), and every
//! test named after an item must name one that exists.
use std::{collections::BTreeSet, fs, path::Path};

fn sources(dir: &Path, out: &mut String) {
    for entry in fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() && !path.ends_with("node_modules") {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs" || e == "ts") {
            out.push_str(&fs::read_to_string(&path).unwrap().to_lowercase());
        }
    }
}

/// The checklist's rows: (lower-case id, status column).
fn items(doc: &str) -> Vec<(String, String)> {
    doc.lines()
        .filter(|line| line.starts_with("| ") && !line.starts_with("| item"))
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            Some((
                cells.get(1)?.to_lowercase(),
                cells.get(cells.len() - 2)?.to_string(),
            ))
        })
        .collect()
}

/// The item ids that test names start with: `fn s08_…` and Playwright's `test("s06 …`.
fn named_ids(code: &str) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for (marker, end) in [("fn ", '_'), ("test(\"", ' ')] {
        for (at, _) in code.match_indices(marker) {
            let rest = &code[at + marker.len()..];
            let id: String = rest.chars().take(3).collect();
            let well_formed = id.len() == 3
                && id.starts_with(|c: char| c.is_ascii_lowercase())
                && id[1..].chars().all(|c| c.is_ascii_digit())
                && rest[3..].starts_with(end);
            if well_formed {
                ids.insert(id);
            }
        }
    }
    ids
}

fn doc_and_code() -> (String, String) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = fs::read_to_string(root.join("docs/SECURITY.md")).unwrap();
    let mut code = String::new();
    for dir in ["src", "tests", "crates", "end2end/tests", "end2end/cluster"] {
        sources(&root.join(dir), &mut code);
    }
    (doc, code)
}

#[test]
fn every_test_named_after_an_item_names_one_that_exists() {
    let (doc, code) = doc_and_code();
    let known: BTreeSet<String> = items(&doc).into_iter().map(|(id, _)| id).collect();
    let named = named_ids(&code);
    assert!(named.len() > 30, "test names were read: {named:?}");
    let unknown: Vec<&String> = named.difference(&known).collect();
    assert!(
        unknown.is_empty(),
        "tests name items that do not exist: {unknown:?}"
    );
}

#[test]
fn every_item_marked_tested_has_a_test_named_after_it() {
    let (doc, code) = doc_and_code();
    let tested: Vec<String> = items(&doc)
        .into_iter()
        .filter(|(_, status)| status.starts_with("tested"))
        .map(|(id, _)| id)
        .collect();
    assert!(tested.len() > 40, "the table was read: {tested:?}");
    for id in tested {
        let named = [format!("fn {id}_"), format!("test(\"{id} ")];
        assert!(
            named.iter().any(|n| code.contains(n.as_str())),
            "{id} is marked tested but no test is named after it"
        );
    }
}
