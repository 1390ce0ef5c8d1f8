//! Security notices about an account, sent by mail (checklist M03): the owner hears of every
//! change to how the account is opened, and how to take it back if it was not them.
use super::server::Recipient;
use crate::mail::server::Letter;

pub fn password_changed(to: &Recipient, origin: &str) -> Letter {
    Letter::new(
        &to.email,
        &to.display_name,
        "Your Quire password was changed",
    )
    .say(format!(
        "The password of your account at {origin} was just changed. Every session was \
             signed out and every access token revoked."
    ))
    .say("If this was you, there is nothing more to do. If it was not, choose a new password now:")
    .action("Reset your password", format!("{origin}/forgot-password"))
}
