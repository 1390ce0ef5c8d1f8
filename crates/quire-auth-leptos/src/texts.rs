//! The words on the forms, which the app may replace.

/// Every label, heading and button text the components show. Provide your own with
/// `provide_context(Texts { … })` above the components (for another language, another tone);
/// the defaults are English. Refusals read as [`AuthError`](crate::AuthError)'s `Display`
/// unless `error` says otherwise.
///
/// ```
/// use quire_auth_leptos::Texts;
/// let texts = Texts { sign_in: "Log in", ..Texts::default() };
/// assert_eq!(texts.email, "E-mail");
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Texts {
    /// The address field's label.
    pub email: &'static str,
    /// The password field's label.
    pub password: &'static str,
    /// The new password field's label, at registration.
    pub new_password: &'static str,
    /// The "Keep me signed in" checkbox.
    pub remember: &'static str,
    /// The code field's label, at the second step of a sign-in.
    pub code: &'static str,
    /// What the second step asks for, above the code field.
    pub code_hint: &'static str,
    /// The sign-in button.
    pub sign_in: &'static str,
    /// The registration button.
    pub register: &'static str,
    /// The sign-out button.
    pub sign_out: &'static str,
    /// The button that ends one session of the list.
    pub end_session: &'static str,
    /// What the list shows beside the session of the page itself.
    pub this_session: &'static str,
    /// Why the sudo prompt asks for the password again.
    pub sudo_reason: &'static str,
    /// The sudo prompt's button, and its name for screen readers.
    pub confirm_password: &'static str,
    /// The button that signs in with a passkey.
    pub passkey_sign_in: &'static str,
    /// What the passkey buttons say when JavaScript is off (WebAuthn needs it).
    pub passkeys_need_js: &'static str,
    /// The new passkey's name field.
    pub passkey_name: &'static str,
    /// The button that adds a passkey.
    pub add_passkey: &'static str,
    /// The button that removes one passkey of the list.
    pub remove_passkey: &'static str,
    /// What the passkey list says when the account has none.
    pub no_passkeys: &'static str,
    /// What the sessions page says when its list could not be read.
    pub sessions_unavailable: &'static str,
    /// What the passkey list says when it could not be read.
    pub passkeys_unavailable: &'static str,
    /// The new token's name field.
    pub token_name: &'static str,
    /// The legend of the new token's scope checkboxes.
    pub scopes: &'static str,
    /// The new token's lifetime field.
    pub expires_after: &'static str,
    /// The unit of the lifetimes offered, after the number.
    pub days: &'static str,
    /// The button that makes a token.
    pub create_token: &'static str,
    /// What the page says above a token just made.
    pub copy_new_token: &'static str,
    /// Before a token's expiry date in the list.
    pub expires: &'static str,
    /// Before when a token was last used.
    pub last_used: &'static str,
    /// The button that revokes one token of the list.
    pub revoke_token: &'static str,
    /// What the token list says when the account has none.
    pub no_tokens: &'static str,
    /// What the token list says when it could not be read.
    pub tokens_unavailable: &'static str,
    /// What the security page says while two-step sign-in is on.
    pub two_step_on: &'static str,
    /// What it says while it is off.
    pub two_step_off: &'static str,
    /// The button that starts setting up an authenticator app.
    pub set_up_app: &'static str,
    /// What the setup asks the owner to do.
    pub scan_code: &'static str,
    /// The link that opens the setup in an app on the same device.
    pub open_in_app: &'static str,
    /// The button that confirms the app with a code from it.
    pub confirm_app: &'static str,
    /// The button that turns two-step sign-in off.
    pub turn_off_two_step: &'static str,
    /// The button that makes a new set of recovery codes.
    pub new_recovery_codes: &'static str,
    /// Before the number of recovery codes left.
    pub codes_left: &'static str,
    /// What the page says above recovery codes just made.
    pub keep_codes: &'static str,
    /// What the settings say when they could not be read.
    pub two_step_unavailable: &'static str,
    /// The current password's field, when changing it.
    pub current_password: &'static str,
    /// The button that changes the password.
    pub change_password: &'static str,
    /// The button that asks for a reset link.
    pub send_reset_link: &'static str,
    /// The button that sets the new password with a reset link.
    pub set_new_password: &'static str,
    /// The button that confirms the address with an opened verification link.
    pub confirm_email: &'static str,
    /// The idle warning, two minutes before an idle session ends.
    pub idle_warning: &'static str,
    /// The idle warning's button, which keeps the session.
    pub stay_signed_in: &'static str,
    /// How a refusal reads.
    pub error: fn(&crate::AuthError) -> String,
}

impl Default for Texts {
    fn default() -> Self {
        Self {
            email: "E-mail",
            password: "Password",
            new_password: "Password (at least 8 characters)",
            remember: "Keep me signed in",
            code: "Code",
            code_hint:
                "Enter the 6-digit code from your authenticator app, or one of your recovery codes.",
            sign_in: "Sign in",
            register: "Create account",
            sign_out: "Sign out",
            end_session: "End this session",
            this_session: "This browser",
            sudo_reason: "For your safety, confirm your password to continue.",
            confirm_password: "Confirm your password",
            passkey_sign_in: "Sign in with a passkey",
            passkeys_need_js: "Passkeys need JavaScript in this browser.",
            passkey_name: "Name of the new passkey",
            add_passkey: "Add a passkey",
            remove_passkey: "Remove",
            no_passkeys: "No passkeys yet.",
            sessions_unavailable: "Your sessions could not be listed.",
            passkeys_unavailable: "Your passkeys could not be listed.",
            token_name: "Name of the new token",
            scopes: "What it may do",
            expires_after: "Expires after",
            days: "days",
            create_token: "Create token",
            copy_new_token: "Copy your new token now. It will not be shown again.",
            expires: "Expires",
            last_used: "Last used",
            revoke_token: "Revoke",
            no_tokens: "No tokens yet.",
            tokens_unavailable: "Your tokens could not be listed.",
            two_step_on: "Two-step sign-in is on: signing in asks for a code from your authenticator app.",
            two_step_off: "Two-step sign-in is off: your password alone signs you in.",
            set_up_app: "Set up an authenticator app",
            scan_code: "Scan this code with your authenticator app, or type the key, then enter the code it shows.",
            open_in_app: "Open in an authenticator app on this device",
            confirm_app: "Turn on two-step sign-in",
            turn_off_two_step: "Turn off two-step sign-in",
            new_recovery_codes: "Make new recovery codes",
            codes_left: "Recovery codes left:",
            keep_codes: "Keep these recovery codes somewhere safe. Each signs you in once without the app. They will not be shown again.",
            two_step_unavailable: "Your two-step settings could not be read.",
            current_password: "Current password",
            change_password: "Change password",
            send_reset_link: "Send me a link",
            set_new_password: "Set the new password",
            confirm_email: "Confirm my address",
            idle_warning: "You will be signed out in two minutes because this tab has been idle.",
            stay_signed_in: "Stay signed in",
            error: |error| error.to_string(),
        }
    }
}

pub(crate) fn texts() -> Texts {
    leptos::prelude::use_context::<Texts>().unwrap_or_default()
}
