//! Recovery codes for two-step sign-in: ten per set, shown once, stored as SHA-256, each spent
//! by the statement that checks it. A new set voids the old one.
//!
//! Checking a code is a secret check like any other: take an attempt from the
//! [sign-in throttle](crate::throttle) first, and give it back only when [`spend`] found it.
//!
//! ```no_run
//! # async fn codes(db: quire_auth::db::Db, account_id: i64, now: i64) -> Result<(), quire_auth::Error> {
//! use quire_auth::recovery_codes;
//!
//! let mut tx = quire_auth::db::write(&db).await?;
//! let codes = recovery_codes::replace(&mut tx, account_id).await?; // show these once
//! tx.commit().await?;
//!
//! let mut tx = quire_auth::db::write(&db).await?;
//! let accepted = recovery_codes::spend(&mut tx, account_id, "ABCDE fghjk", now).await?;
//! tx.commit().await?;
//! # Ok(()) }
//! ```
use rand::{rngs::OsRng, Rng};

use crate::{
    db::{Db, Tx},
    secret::sha256_hex,
    Error,
};

/// Codes in a set.
pub const COUNT: usize = 10;

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

/// Replaces the account's codes with a new set of [`COUNT`] and returns it: the only time it
/// is ever shown.
pub async fn replace(tx: &mut Tx, account_id: i64) -> Result<Vec<String>, Error> {
    clear_in(tx, account_id).await?;
    let codes: Vec<String> = (0..COUNT).map(|_| generate()).collect();
    for code in &codes {
        crate::on_db!(tx, |exe| sqlx::query(
            "INSERT INTO auth_recovery_codes (account_id, code_hash) VALUES ($1, $2)"
        )
        .bind(account_id)
        .bind(sha256_hex(normalized(code).as_bytes()))
        .execute(exe)
        .await
        .map(|done| done.rows_affected()))?;
    }
    Ok(codes)
}

/// Spends `code` if it is one of the account's unused codes: `true` once, `false` after.
pub async fn spend(tx: &mut Tx, account_id: i64, code: &str, now: i64) -> Result<bool, Error> {
    let spent = crate::on_db!(tx, |exe| sqlx::query(
        "UPDATE auth_recovery_codes SET used_at = $1 \
         WHERE account_id = $2 AND code_hash = $3 AND used_at IS NULL",
    )
    .bind(now)
    .bind(account_id)
    .bind(sha256_hex(normalized(code).as_bytes()))
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))?;
    Ok(spent == 1)
}

/// How many of the account's codes are still unused.
pub async fn remaining(db: &Db, account_id: i64) -> Result<i64, Error> {
    let left = crate::on_db!(db, |exe| sqlx::query_scalar(
        "SELECT COUNT(*) FROM auth_recovery_codes WHERE account_id = $1 AND used_at IS NULL",
    )
    .bind(account_id)
    .fetch_one(exe)
    .await)?;
    Ok(left)
}

/// Deletes every code of the account (two-step sign-in turned off, or a new set).
pub async fn clear_in(tx: &mut Tx, account_id: i64) -> Result<(), Error> {
    crate::on_db!(tx, |exe| sqlx::query(
        "DELETE FROM auth_recovery_codes WHERE account_id = $1"
    )
    .bind(account_id)
    .execute(exe)
    .await
    .map(|done| done.rows_affected()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_ten_letters_in_two_halves_and_typing_is_forgiving() {
        let code = generate();
        assert_eq!(code.len(), 11);
        assert_eq!(&code[5..6], "-");
        assert!(code.bytes().all(|b| b == b'-' || ALPHABET.contains(&b)));
        assert_eq!(
            normalized(&code.to_uppercase().replace('-', " ")),
            normalized(&code)
        );
        assert_ne!(generate(), generate());
    }
}
