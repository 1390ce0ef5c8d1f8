//! Who is connecting, as sessions and audit entries record it.

/// The client's address (behind trusted proxies, the forwarded one: the app decides whom it
/// trusts) and its user agent.
///
/// ```
/// let client = quire_auth::ClientInfo { ip: "192.0.2.1".into(), user_agent: "curl/8".into() };
/// assert_eq!(client.ip, "192.0.2.1");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClientInfo {
    /// The client's IP address, as text.
    pub ip: String,
    /// The `User-Agent` header, or empty.
    pub user_agent: String,
}
