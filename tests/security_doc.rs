//! docs/SECURITY.md says which checklist items are tested; this keeps that true. Every item
//! marked "tested" must have a test whose name starts with its id, in the Rust tests, the unit
//! tests in `src/`, or the Playwright titles.
use std::{fs, path::Path};

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

#[test]
fn every_item_marked_tested_has_a_test_named_after_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = fs::read_to_string(root.join("docs/SECURITY.md")).unwrap();
    let mut code = String::new();
    for dir in ["src", "tests", "end2end/tests"] {
        sources(&root.join(dir), &mut code);
    }
    let tested: Vec<String> = doc
        .lines()
        .filter(|line| line.starts_with("| ") && line.contains("| tested"))
        .filter_map(|line| line.split('|').nth(1).map(|id| id.trim().to_lowercase()))
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
