//! What R04 sends: generated values, plausible ones that get a case past the first check, and
//! the encodings they travel in.
use proptest::prelude::*;
use serde_json::{json, Map, Value};

use super::READER;
use crate::helpers::PASSWORD;

pub fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        (1i64..6).prop_map(|n| n.to_string()),
        "-?[0-9]{1,25}",
        "[a-z0-9@._-]{1,30}",
        "\\PC{0,80}",
        any::<String>(),
        prop::sample::select(vec![
            "on",
            "true",
            "null",
            "[]",
            "{}",
            "reader",
            "admin",
            "sign_in_ok",
            "%00",
            "%zz",
            "' OR 1=1 --",
            "../../etc/passwd",
            "<script>",
            "\u{202e}x",
            "hello-world",
        ])
        .prop_map(str::to_owned),
        (60_000usize..70_000).prop_map(|n| "x".repeat(n)),
    ]
}

/// How the values are sent.
#[derive(Debug, Clone)]
pub enum Encoding {
    /// Form fields; a field whose bit is set in the mask is left out.
    Form(u8),
    /// A JSON object: each field a string, a number, a boolean, null or an array.
    Json(Vec<u8>),
    Raw(Vec<u8>),
}

pub fn encoding() -> impl Strategy<Value = Encoding> {
    prop_oneof![
        4 => (0u8..16).prop_map(|mask| Encoding::Form(if mask < 8 { 0 } else { mask })),
        2 => prop::collection::vec(0u8..5, 4).prop_map(Encoding::Json),
        1 => prop::collection::vec(any::<u8>(), 0..64).prop_map(Encoding::Raw),
    ]
}

/// A value the field accepts in the seeded site, so that a case gets past the first check and
/// reaches deeper code with its other, generated, fields.
fn plausible(field: &str) -> &'static str {
    match field {
        "email" => READER,
        "password" | "current_password" => PASSWORD,
        "new_password" => "an entirely different passphrase",
        "slug" | "original_slug" => "hello-world",
        "id" | "token_id" | "page" => "1",
        "user_id" => "2",
        "role" => "author",
        "event" => "sign_in_ok",
        "expires_days" => "30",
        "title" => "A title",
        "body" => "Some *text*.",
        "name" | "device_name" | "display_name" => "Someone",
        "next" => "/",
        _ => "on",
    }
}

#[derive(Debug, Clone)]
pub struct Case {
    /// Below `ENDPOINTS.len()` a server function, above it an API route.
    pub target: usize,
    /// 0 signed out, 1 reader, 2 admin.
    pub principal: usize,
    /// Per field: a generated value, or `None` for a plausible one.
    pub values: Vec<Option<String>>,
    pub encoding: Encoding,
}

impl Case {
    pub fn value(&self, i: usize, field: &str) -> String {
        self.values[i]
            .clone()
            .unwrap_or_else(|| plausible(field).to_owned())
    }
}

pub fn case(target: usize, principal: usize) -> impl Strategy<Value = Case> {
    (
        prop::collection::vec(prop::option::weighted(0.5, value()), 4),
        encoding(),
    )
        .prop_map(move |(values, encoding)| Case {
            target,
            principal,
            values,
            encoding,
        })
}

fn json_body(fields: &[&str], case: &Case, kinds: &[u8]) -> Vec<u8> {
    let mut object = Map::new();
    for (i, field) in fields.iter().enumerate() {
        let text = case.value(i, field);
        let value = match kinds[i] {
            0 => Value::String(text),
            1 => text.parse::<i64>().map_or(json!(-1), Value::from),
            2 => Value::Bool(text.len().is_multiple_of(2)),
            3 => Value::Null,
            _ => json!([text]),
        };
        object.insert((*field).to_owned(), value);
    }
    Value::Object(object).to_string().into_bytes()
}

pub fn body(fields: &[&str], case: &Case) -> (&'static str, Vec<u8>) {
    match &case.encoding {
        Encoding::Form(mask) => {
            let form: Vec<(&str, String)> = fields
                .iter()
                .enumerate()
                .filter(|(i, _)| mask & (1 << i) == 0)
                .map(|(i, f)| (*f, case.value(i, f)))
                .collect();
            let encoded = serde_urlencoded::to_string(form).unwrap();
            ("application/x-www-form-urlencoded", encoded.into_bytes())
        }
        Encoding::Json(kinds) => ("application/json", json_body(fields, case, kinds)),
        Encoding::Raw(bytes) => ("application/x-www-form-urlencoded", bytes.clone()),
    }
}
