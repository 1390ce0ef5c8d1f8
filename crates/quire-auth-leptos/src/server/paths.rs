//! Where the forms send the browser.

/// Where each form sends the browser once it succeeded.
///
/// ```
/// let paths = quire_auth_leptos::Paths { after_sign_in: "/notes", ..Default::default() };
/// assert_eq!(paths.after_sign_out, "/");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paths {
    /// After signing in (default `/`).
    pub after_sign_in: &'static str,
    /// After signing out (default `/`).
    pub after_sign_out: &'static str,
    /// After registering: the sign-in page (default `/sign-in?registered`).
    pub after_register: &'static str,
    /// After a right password, when the account has a second step: the page with
    /// [`CodeForm`](crate::CodeForm) (default `/sign-in/code`).
    pub second_step: &'static str,
    /// After asking for a reset link (default `/forgot-password?sent`).
    pub reset_sent: &'static str,
    /// The page with [`ResetPasswordForm`](crate::ResetPasswordForm), where an opened reset
    /// link leads (default `/reset-password`).
    pub reset: &'static str,
    /// After a new password was set with a reset link (default `/sign-in?reset`).
    pub after_reset: &'static str,
    /// The page with [`ConfirmEmailButton`](crate::ConfirmEmailButton), where an opened
    /// verification link leads (default `/verify-email`).
    pub verify: &'static str,
    /// After the address was confirmed (default `/?verified`).
    pub after_verify: &'static str,
    /// After the password was changed while signed in (default `/?password-changed`).
    pub after_password_change: &'static str,
}

impl Default for Paths {
    fn default() -> Self {
        Self {
            after_sign_in: "/",
            after_sign_out: "/",
            after_register: "/sign-in?registered",
            second_step: "/sign-in/code",
            reset_sent: "/forgot-password?sent",
            reset: "/reset-password",
            after_reset: "/sign-in?reset",
            verify: "/verify-email",
            after_verify: "/?verified",
            after_password_change: "/?password-changed",
        }
    }
}
