//! The example over HTTP, as a browser without JavaScript or a script would use it: the app on
//! port 0 with a fresh database, a cookie-keeping client per browser. Through it, the tests of
//! quire-auth-leptos' server side as an adopter wires it.
mod helpers;
mod limits;
mod passkeys;
mod password;
mod reset;
mod second_step;
mod sudo;
mod tokens;
mod two_step;
mod verify;
mod watch;
