//! What the browser and quire-auth's signed-out stream agree on.

/// The one event quire-auth's signed-out stream sends, as its name and data: the browser's
/// copy of `quire_auth::sessions::SIGNED_OUT_EVENT` (that crate is server-only).
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub(crate) const SIGNED_OUT_EVENT: &str = "signed_out";

#[cfg(all(test, feature = "ssr"))]
mod tests {
    #[test]
    fn the_browser_listens_for_the_event_the_server_sends() {
        assert_eq!(
            super::SIGNED_OUT_EVENT,
            quire_auth::sessions::SIGNED_OUT_EVENT
        );
    }
}
