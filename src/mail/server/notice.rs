//! A security notice about a change to an account's sign-in (checklist M06), queued in the
//! transaction of the change so it cannot be lost or sent for a change that rolled back.
use quire_auth::db::Tx;

use super::{enqueue, Letter};

/// Tells the owner of `user_id` that `what` happened, with a link to Account → Security.
pub async fn notify_owner_in(
    conn: &mut Tx,
    origin: &str,
    user_id: i64,
    subject: &str,
    what: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    let to = super::recipient_in(conn, user_id).await?;
    let letter = Letter::new(&to.email, &to.display_name, subject)
        .say(format!("{what} for your account at {origin}."))
        .say("If this was not you, change your password now and check your sessions:")
        .action(
            "Your account's security",
            format!("{origin}/account/security"),
        );
    enqueue(conn, &letter, origin, now).await
}
