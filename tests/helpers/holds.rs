//! Holding a request in flight, deterministically: a request that carries `x-test-hold: NAME`
//! stops right after it authenticated (see `quire::server::gate`) until the test releases it.
use quire::server::gate::Gate;
use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};
use tokio::sync::{oneshot, Notify};

pub const HOLD_HEADER: &str = "x-test-hold";

struct Held {
    arrived: Option<oneshot::Sender<()>>,
    release: Arc<Notify>,
}

#[derive(Clone, Default)]
pub struct Holds(Arc<Mutex<HashMap<String, Held>>>);

/// One prepared hold: wait until its request arrived, then release it.
pub struct Hold {
    arrived: oneshot::Receiver<()>,
    release: Arc<Notify>,
}

impl Hold {
    pub async fn arrived(&mut self) {
        (&mut self.arrived).await.expect("held request arrived");
    }

    pub fn release(&self) {
        self.release.notify_one();
    }
}

impl Holds {
    pub fn prepare(&self, name: &str) -> Hold {
        let (sender, arrived) = oneshot::channel();
        let release = Arc::new(Notify::new());
        let held = Held {
            arrived: Some(sender),
            release: release.clone(),
        };
        self.0.lock().unwrap().insert(name.to_owned(), held);
        Hold { arrived, release }
    }

    pub fn gate(&self) -> Gate {
        let holds = self.clone();
        Gate::new(move |headers| {
            let name = headers
                .get(HOLD_HEADER)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            let held = name.and_then(|name| {
                let mut map = holds.0.lock().unwrap();
                let held = map.get_mut(&name)?;
                Some((held.arrived.take(), held.release.clone()))
            });
            Box::pin(async move {
                if let Some((arrived, release)) = held {
                    if let Some(arrived) = arrived {
                        let _ = arrived.send(());
                    }
                    release.notified().await;
                }
            })
        })
    }
}
