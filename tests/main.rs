//! One integration-test binary. Each test spawns the real app on port 0 with a fresh database.
//! Test names start with the SECURITY_CHECKLIST.md item they prove.
mod helpers;

mod accounts;
mod admin;
mod architecture;
mod audit;
mod bad_input;
mod blog;
mod blog_forms;
mod bounded_lists;
mod csrf;
mod expiry;
mod headers;
mod html_sinks;
mod lifecycle;
mod log_secrets;
mod mail_queue;
mod password_reset;
mod passwords;
mod persistence;
mod post_api;
mod rendered_posts;
mod revocation;
mod second_factor;
mod second_factor_admin;
mod secret_checks;
mod security_doc;
mod session_tokens;
mod sweep;
mod sweep_generated;
mod token_account;
mod token_api;
mod tokens;
mod verification;
mod write_limits;
mod xss;
