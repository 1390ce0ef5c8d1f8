//! Quire's `User` as the principal quire-auth's session store reads with every session: one
//! query per request yields the session and the user's current role, active flag and epoch
//! (fresh authorisation, nothing cached between requests).
use crate::identity::User;

impl quire_auth::sessions::Principal for User {
    const ACCOUNTS: &'static str = "auth_accounts a JOIN users u ON u.id = a.id";
    const COLUMNS: &'static str =
        "a.id, u.display_name, u.role, a.active, a.auth_epoch, a.email_verified";

    fn account_id(&self) -> i64 {
        self.id
    }

    fn auth_epoch(&self) -> i64 {
        self.auth_epoch
    }
}
