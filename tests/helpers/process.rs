//! The real `quire` binary as a child process, for restart and log tests.

/// The real binary, killed and reaped when dropped.
pub struct Server(pub std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the real binary on `port`. With `log`, its stdout and stderr go to that file.
pub async fn start_binary(
    port: u16,
    db: &str,
    level: &str,
    log: Option<&std::path::Path>,
) -> Server {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_quire"));
    if let Some(path) = log {
        let file = std::fs::File::create(path).expect("log file");
        command.stdout(file.try_clone().unwrap()).stderr(file);
    }
    let child = command
        .env("QUIRE_SITE_ADDRESS", format!("127.0.0.1:{port}"))
        .env("QUIRE_SITE_ORIGIN", binary_origin(port))
        .env("QUIRE_DATABASE_URL", db)
        .env("QUIRE_LOG_LEVEL", level)
        .env(
            "QUIRE_MAIL_OUTBOX_DIR",
            std::env::temp_dir().join(format!("quire-outbox-{port}")),
        )
        .spawn()
        .expect("server starts");
    // Owned at once, so the process is killed and reaped on every path, panics included.
    let server = Server(child);
    for _ in 0..200 {
        if reqwest::get(format!("http://127.0.0.1:{port}/"))
            .await
            .is_ok()
        {
            return server;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("server did not come up");
}

/// The origin the binary started on `port` believes in: a host name, so passkeys are on. Tests
/// connect to 127.0.0.1 and send this as `Origin`.
pub fn binary_origin(port: u16) -> String {
    format!("http://localhost:{port}")
}

/// A free port on loopback.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}
