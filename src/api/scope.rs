//! What a bearer token may do. Stored space-separated by name; shown as checkboxes in the
//! account's token form.
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum Scope {
    #[serde(rename = "profile:read")]
    ProfileRead,
    #[serde(rename = "tokens:read")]
    TokensRead,
    #[serde(rename = "posts:write")]
    PostsWrite,
    #[serde(rename = "comments:write")]
    CommentsWrite,
}

impl Scope {
    /// Every scope. App tokens (mobile sign-in) get all of them.
    pub const ALL: [Scope; 4] = [
        Scope::ProfileRead,
        Scope::TokensRead,
        Scope::PostsWrite,
        Scope::CommentsWrite,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::ProfileRead => "profile:read",
            Scope::TokensRead => "tokens:read",
            Scope::PostsWrite => "posts:write",
            Scope::CommentsWrite => "comments:write",
        }
    }

    /// The form field of the account's token form that ticks this scope.
    pub fn field(self) -> &'static str {
        match self {
            Scope::ProfileRead => "profile_read",
            Scope::TokensRead => "tokens_read",
            Scope::PostsWrite => "posts_write",
            Scope::CommentsWrite => "comments_write",
        }
    }
}

/// Quire's scopes are the ones its bearer tokens carry (quire-auth stores them by name).
#[cfg(feature = "ssr")]
impl quire_auth::tokens::Scope for Scope {
    const ALL: &'static [Self] = &Scope::ALL;

    fn name(self) -> &'static str {
        self.as_str()
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::Scope;
    use quire_auth::tokens::Scope as _;

    #[test]
    fn scope_names_round_trip() {
        for scope in Scope::ALL {
            assert_eq!(Scope::parse(scope.as_str()), Some(scope));
            let json = serde_json::to_string(&scope).unwrap();
            assert_eq!(json, format!("\"{}\"", scope.as_str()));
        }
        assert_eq!(Scope::parse("admin"), None);
    }
}
