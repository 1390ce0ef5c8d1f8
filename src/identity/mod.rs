//! Who a request is: plain types and rules with no I/O, below every feature. A `User` is the
//! principal whatever the credential (session cookie or bearer token); its `Role` answers the
//! permission questions that features ask, so a rule is written once.
mod role;
pub use role::Role;

/// The user a request is authenticated as, read fresh on this request (role and active flag
/// included: nothing about a user is cached between requests).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct User {
    pub id: i64,
    pub display_name: String,
    pub role: Role,
    pub active: bool,
    /// `auth_accounts.auth_epoch` as read when this request authenticated. A credential made on this
    /// request's behalf is only stored while the epoch is unchanged (checklist S08).
    pub auth_epoch: i64,
    /// Whether the owner followed a link sent to the account's address (M08).
    #[serde(default)]
    pub email_verified: bool,
}

impl User {
    /// Authors and admins write posts.
    pub fn can_write(&self) -> bool {
        self.role.can_write()
    }

    /// Whether this user may comment and write posts: with `verification_required` (the
    /// `accounts.require_verified_email` setting), only once the address is verified (M08).
    pub fn may_contribute(&self, verification_required: bool) -> bool {
        self.email_verified || !verification_required
    }

    /// Refuses an account whose address is not proven yet: it may sign in and read, but not
    /// add a credential (a passkey, an authenticator app, an access token) or change its
    /// address. Until the owner follows a link to the address, the account may be a stranger's
    /// registration of it, waiting for the owner to reset the password and take it over
    /// (checklist M09); anything such a stranger could add would survive that reset.
    pub fn require_verified(&self) -> Result<(), crate::error::AppError> {
        if self.email_verified {
            Ok(())
        } else {
            Err(crate::error::AppError::Unverified)
        }
    }

    /// Admins manage everything; others only what they wrote.
    pub fn can_manage(&self, author_id: i64) -> bool {
        self.role == Role::Admin || self.id == author_id
    }
}

/// The user this request is authenticated as, if any: put in the request's extensions by
/// quire-auth's session layer, read by pages and server functions.
#[cfg(feature = "ssr")]
pub type CurrentUser = quire_auth::sessions::Current<User>;

/// Who is connecting, recorded with sessions and audit entries: quire-auth's type.
#[cfg(feature = "ssr")]
pub use quire_auth::ClientInfo;
