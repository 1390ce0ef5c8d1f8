//! Unit tests for configuration loading and validation.
use super::*;

fn load_toml(toml: &str) -> Result<Config, ConfigError> {
    Config::from_figment(
        Figment::from(Serialized::defaults(Config::default())).merge(Toml::string(toml)),
    )
}

#[test]
fn defaults_are_valid_and_are_quire_auths_session_policy() {
    let config = load_toml("").unwrap();
    let policy = config.session_policy();
    assert_eq!(policy, quire_auth::sessions::SessionPolicy::default());
    assert_eq!(policy.limits(false).0, Duration::from_secs(20 * 60));
}

#[test]
fn each_session_key_reaches_its_policy_field() {
    let config = load_toml(
        "[session]\nidle_minutes = 1\nabsolute_hours = 2\nremember_idle_days = 3\n\
         remember_absolute_days = 4\ntouch_interval_seconds = 5\nmax_per_user = 6\n\
         sudo_minutes = 7",
    )
    .unwrap();
    let policy = config.session_policy();
    let secs = |s| Duration::from_secs(s);
    assert_eq!(policy.limits(false), (secs(60), secs(2 * 3600)));
    assert_eq!(policy.limits(true), (secs(3 * 86_400), secs(4 * 86_400)));
    assert_eq!(policy.touch_interval, secs(5));
    assert_eq!(policy.max_per_account, 6);
    assert_eq!(policy.sudo_window, secs(7 * 60));
}

#[test]
fn shipped_leptos_toml_matches_the_defaults() {
    let shipped = Config::from_figment(
        Figment::from(Serialized::defaults(Config::default())).merge(Toml::file(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/Leptos.toml"
        ))),
    )
    .unwrap();
    assert_eq!(shipped, Config::default());
}

#[test]
fn wrong_type_names_the_key() {
    let err = load_toml("[session]\nidle_minutes = \"soon\"").unwrap_err();
    assert!(err.to_string().contains("idle_minutes"), "{err}");
}

#[test]
fn unknown_key_is_refused() {
    let err = load_toml("[session]\nidle_minuets = 5").unwrap_err();
    assert!(err.to_string().contains("idle_minuets"), "{err}");
}

#[test]
fn production_requires_https_origin() {
    let err = load_toml("[site]\nproduction = true").unwrap_err();
    assert!(err.to_string().contains("site.origin"), "{err}");
}

#[test]
#[allow(clippy::result_large_err)] // figment's own test harness signature
fn environment_overrides_the_file() {
    figment::Jail::expect_with(|jail| {
        jail.set_env("QUIRE_SESSION_IDLE_MINUTES", "5");
        jail.set_env("QUIRE_LOG_LEVEL", "warn");
        let config = Config::load(Path::new("missing.toml")).unwrap();
        assert_eq!(config.session.idle_minutes, 5);
        assert_eq!(config.log.level, "warn");
        Ok(())
    });
}

#[test]
fn a_write_limit_of_zero_and_too_many_sessions_name_their_keys() {
    let err = load_toml("[limits]\ntokens_per_ip = 0").unwrap_err();
    assert!(err.to_string().contains("limits.tokens_per_ip"), "{err}");
    let err = load_toml("[session]\nmax_per_user = 101").unwrap_err();
    assert!(err.to_string().contains("session.max_per_user"), "{err}");
}

#[test]
#[allow(clippy::result_large_err)] // figment's own test harness signature
fn write_limits_follow_the_environment() {
    figment::Jail::expect_with(|jail| {
        jail.set_env("QUIRE_LIMITS_COMMENTS_PER_ACCOUNT", "7");
        let config = Config::load(Path::new("missing.toml")).unwrap();
        assert_eq!(config.limits.comments_per_account, 7);
        Ok(())
    });
}

#[test]
fn production_refuses_the_outbox_unless_allowed() {
    let production = "[site]\nproduction = true\norigin = \"https://blog.example.org\"\n";
    let err = load_toml(production).unwrap_err();
    assert!(err.to_string().contains("mail.transport"), "{err}");
    let allowed = format!("{production}[mail]\nallow_outbox_in_production = true\n");
    assert!(load_toml(&allowed).is_ok());
    let smtp =
        format!("{production}[mail]\ntransport = \"smtp\"\nsmtp_host = \"mail.example.org\"\n");
    assert!(load_toml(&smtp).is_ok());
}

#[test]
fn m01_a_reset_link_cannot_be_configured_to_outlive_an_hour() {
    let err = load_toml("[accounts]\nreset_link_minutes = 61").unwrap_err();
    assert!(err.to_string().contains("reset_link_minutes"), "{err}");
}

#[test]
fn the_smtp_password_is_redacted_and_never_serialized() {
    let config = load_toml("[mail]\nsmtp_password = \"hunter2-secret\"").unwrap();
    assert!(!format!("{config:?}").contains("hunter2"));
    let serialized = serde_json::to_string(&config).unwrap();
    assert!(!serialized.contains("hunter2"), "{serialized}");
}
