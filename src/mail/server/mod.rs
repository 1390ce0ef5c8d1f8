//! Server side of mail: composing letters, the durable queue, the transports and the worker.
mod letter;
mod notice;
pub mod outbox;
mod queue;
mod recipient;
mod transport;
mod worker;

pub use letter::{mask_address, Letter};
pub use notice::notify_owner_in;
pub use queue::{commit_and_send, enqueue, failed_count};
pub use recipient::{recipient, recipient_in, Recipient};
pub use transport::{Transport, TransportError};
pub use worker::{run_worker, send_due};
