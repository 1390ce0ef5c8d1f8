//! How many long-lived things (event streams) each key (a session) holds open, so that no key
//! can hold an unbounded number: each open stream costs memory and a socket until it ends.
use std::{
    collections::HashMap,
    sync::{Arc, Mutex, MutexGuard},
};

#[derive(Clone, Default)]
pub(crate) struct OpenCounts(Arc<Mutex<HashMap<String, usize>>>);

/// One open thing; its place is given back when this is dropped (the stream ended).
pub(crate) struct Opened {
    counts: OpenCounts,
    key: String,
}

impl OpenCounts {
    /// A place for one more under `key`, or `None` when `key` holds `max` already.
    pub(crate) fn open(&self, key: &str, max: usize) -> Option<Opened> {
        let mut counts = self.lock();
        let count = counts.entry(key.to_owned()).or_default();
        if *count >= max {
            return None;
        }
        *count += 1;
        Some(Opened {
            counts: self.clone(),
            key: key.to_owned(),
        })
    }

    /// How many `key` holds now (for the tests: the server only opens and drops).
    #[cfg(test)]
    fn count(&self, key: &str) -> usize {
        self.lock().get(key).copied().unwrap_or(0)
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, usize>> {
        // A panic while holding the lock cannot leave the map half-updated: keep using it.
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Drop for Opened {
    fn drop(&mut self) {
        let mut counts = self.counts.lock();
        if let Some(count) = counts.get_mut(&self.key) {
            *count -= 1;
            if *count == 0 {
                counts.remove(&self.key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_holds_at_most_max_and_a_dropped_one_frees_its_place() {
        let counts = OpenCounts::default();
        let first = counts.open("a", 2).expect("first");
        let second = counts.open("a", 2).expect("second");
        assert!(counts.open("a", 2).is_none(), "third refused");
        assert!(
            counts.open("b", 2).is_some(),
            "another key has its own places"
        );
        drop(first);
        assert_eq!(counts.count("a"), 1);
        let third = counts.open("a", 2).expect("a freed place");
        drop((second, third));
        assert_eq!(counts.count("a"), 0);
        assert!(counts.0.lock().unwrap().is_empty(), "no entry left behind");
    }
}
