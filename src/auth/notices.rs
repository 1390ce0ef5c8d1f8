//! What Quire mails about an account: links that prove an address, and security notices
//! (checklist M06): the owner hears of every change to how the account is opened, and how to
//! take it back if it was not them.
use crate::mail::server::Recipient;
use crate::mail::server::{mask_address, Letter};

/// `removed` names the recently added credentials removed with the change, if any.
pub fn password_changed(to: &Recipient, origin: &str, removed: &[String]) -> Letter {
    let mut letter = Letter::new(
        &to.email,
        &to.display_name,
        "Your Quire password was changed",
    )
    .say(format!(
        "The password of your account at {origin} was just changed. Every session was \
             signed out and every access token revoked."
    ));
    if !removed.is_empty() {
        letter = letter.say(format!("Removed with it: {}.", removed.join(", ")));
    }
    letter
        .say("If this was you, there is nothing more to do. If it was not, choose a new password now:")
    .action("Reset your password", format!("{origin}/forgot-password"))
}

pub fn verify_address(to: &Recipient, origin: &str, url: String, hours: u64) -> Letter {
    Letter::new(
        &to.email,
        &to.display_name,
        "Confirm your address for Quire",
    )
    .say(format!(
        "Welcome! Please confirm that this address belongs to your new account at {origin}. \
             Until you do, you can sign in and read, but not comment or write."
    ))
    .action("Confirm my address", url)
    .say(format!(
        "The link works once, within {hours} hours. If you did not create this account, \
             ignore this mail."
    ))
}

/// To the owner of an address someone tried to register again: the form said "check your
/// mail" to them too, so it revealed nothing; the owner learns of it here.
pub fn registration_attempt(to: &Recipient, origin: &str) -> Letter {
    Letter::new(
        &to.email,
        &to.display_name,
        "Someone tried to register with your address",
    )
    .say(format!(
        "Someone just tried to create an account at {origin} with this address, which \
             already has one: yours. No new account was made."
    ))
    .say("If it was you, sign in instead. If you forgot your password, reset it:")
    .action("Reset your password", format!("{origin}/forgot-password"))
    .say(format!(
        "Or sign in at {origin}/sign-in. If it was not you, you can ignore this mail."
    ))
}

pub fn confirm_new_address(
    to: &Recipient,
    new_email: &str,
    origin: &str,
    url: String,
    hours: u64,
) -> Letter {
    Letter::new(
        new_email,
        &to.display_name,
        "Confirm your new address for Quire",
    )
    .say(format!(
        "You asked to change the e-mail address of your account at {origin} to this one. \
             The change takes effect when you confirm it."
    ))
    .action("Confirm the new address", url)
    .say(format!(
        "The link works once, within {hours} hours. If you did not ask for this, ignore \
             this mail: nothing changes."
    ))
}

/// To the current address when a change away from it is asked for: the owner hears of it
/// while it can still be stopped, not only once it is done (M09). Sent whether or not the new
/// address is free, so it tells nobody anything about that address.
pub fn email_change_requested(
    to: &Recipient,
    new_email: &str,
    origin: &str,
    cancel_url: String,
    hours: u64,
) -> Letter {
    Letter::new(
        &to.email,
        &to.display_name,
        "A change of your Quire e-mail address was requested",
    )
    .say(format!(
        "Someone signed in to your account at {origin} asked to move it to the address {}. \
             The change happens only if the link sent there is followed within {hours} hours.",
        mask_address(new_email)
    ))
    .say("If this was you, there is nothing to do here. If it was not, cancel the change:")
    .action("Cancel the change", cancel_url)
    .say(format!(
        "Someone who could ask for this knows your password: after cancelling, choose a new \
             one at {origin}/forgot-password. That also signs out every session, revokes every \
             token and voids every link, this change's included."
    ))
}

/// To an address that already belongs to another account: the person changing their address
/// was answered as if it were free.
pub fn address_in_use(address: &str, origin: &str) -> Letter {
    Letter::new(address, "", "Your address was entered on Quire")
        .say(format!(
            "Someone signed in at {origin} asked to move their account to this address. It \
             already belongs to an account, so nothing was changed."
        ))
        .say("If it was you, sign in to that account instead. Otherwise you can ignore this mail.")
}

pub fn email_changed(old_email: &str, to: &Recipient, origin: &str) -> Letter {
    Letter::new(
        old_email,
        &to.display_name,
        "Your Quire e-mail address was changed",
    )
    .say(format!(
        "The e-mail address of your account at {origin} was changed to {}. Mail about the \
             account now goes there.",
        mask_address(&to.email)
    ))
    .say("If this was not you, reset your password now and tell the site's admins:")
    .action("Reset your password", format!("{origin}/forgot-password"))
}
