//! Recovery codes (W04): ten per set, shown once, stored as SHA-256, each spent by the
//! statement that checks it. A new set voids the old one.
use quire_auth::db::Tx;
use rand::{rngs::OsRng, Rng};

use crate::error::AppError;

use quire_auth::{db::Db, secret::sha256_hex};

const COUNT: usize = 10;
/// Without look-alikes (0/o, 1/l/i): read from paper, typed by hand.
const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";

/// `xxxxx-xxxxx`: 10 characters of a 31-letter alphabet, about 50 bits; enough for a
/// single-use code behind the sign-in throttle.
fn generate() -> String {
    let mut code: String = (0..10)
        .map(|_| ALPHABET[OsRng.gen_range(0..ALPHABET.len())] as char)
        .collect();
    code.insert(5, '-');
    code
}

/// Case, spaces and dashes do not matter when a code is typed.
fn normalized(code: &str) -> String {
    code.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Replaces the user's codes with a new set and returns it: the only time it is ever shown.
pub async fn replace(conn: &mut Tx, user_id: i64) -> Result<Vec<String>, AppError> {
    quire_auth::on_db!(conn, |exe| sqlx::query(
        "DELETE FROM recovery_codes WHERE user_id = $1"
    )
    .bind(user_id)
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))?;
    let codes: Vec<String> = (0..COUNT).map(|_| generate()).collect();
    for code in &codes {
        quire_auth::on_db!(conn, |exe| sqlx::query(
            "INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)"
        )
        .bind(user_id)
        .bind(sha256_hex(normalized(code).as_bytes()))
        .execute(exe)
        .await
        .map(|done| done.rows_affected()))?;
    }
    Ok(codes)
}

/// Spends `code` if it is one of the user's unused codes.
pub async fn spend(conn: &mut Tx, user_id: i64, code: &str, now: i64) -> Result<bool, AppError> {
    let spent = quire_auth::on_db!(conn, |exe| sqlx::query(
        "UPDATE recovery_codes SET used_at = $1 \
         WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL",
    )
    .bind(now)
    .bind(user_id)
    .bind(sha256_hex(normalized(code).as_bytes()))
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))?;
    Ok(spent == 1)
}

pub async fn remaining(db: &Db, user_id: i64) -> Result<i64, AppError> {
    Ok(quire_auth::on_db!(db, |exe| sqlx::query_scalar(
        "SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL",
    )
    .bind(user_id)
    .fetch_one(exe)
    .await)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_ten_letters_in_two_halves_and_typing_is_forgiving() {
        let code = generate();
        assert_eq!(code.len(), 11);
        assert_eq!(&code[5..6], "-");
        assert_eq!(
            normalized(&code.to_uppercase().replace('-', " ")),
            normalized(&code)
        );
        assert_ne!(generate(), generate());
    }
}
