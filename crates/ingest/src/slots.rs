//! Places in a writer's queue: a parse worker takes one before it parses
//! a device, and the writer gives places back as it commits.
//!
//! Workers used to wait for a place by sleeping 100 µs and looking again.
//! The writers are the bottleneck of a first ingest, so the workers waited
//! often: some 10,000 wake-ups for 1,000 devices, each taking a core from
//! a writer for a moment. A worker now sleeps until a place is given back.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::Duration;

/// How often a waiting worker checks that its writer is still alive (a
/// writer that stopped gives no place back).
const ALIVE_CHECK: Duration = Duration::from_millis(5);

/// The places taken in one writer's queue.
#[derive(Debug, Default)]
pub(crate) struct QueueSlots {
    taken: Mutex<usize>,
    freed: Condvar,
}

impl QueueSlots {
    /// Takes one of `cap` places, waiting while all are taken and the
    /// writer is `alive`. A stopped writer frees nothing: the place is
    /// taken at once, and the send that follows fails and reports the
    /// device.
    pub(crate) fn take(&self, cap: usize, alive: &AtomicBool) {
        let mut taken = self.lock();
        while *taken >= cap && alive.load(Ordering::Acquire) {
            taken = match self.freed.wait_timeout(taken, ALIVE_CHECK) {
                Ok((guard, _)) => guard,
                Err(poisoned) => poisoned.into_inner().0,
            };
        }
        *taken += 1;
    }

    /// Gives `n` places back and wakes the workers waiting for one.
    pub(crate) fn give_back(&self, n: usize) {
        let mut taken = self.lock();
        *taken = taken.saturating_sub(n);
        drop(taken);
        self.freed.notify_all();
    }

    /// Places taken now.
    #[cfg(test)]
    pub(crate) fn taken(&self) -> usize {
        *self.lock()
    }

    /// The count, whatever a panicking thread left (a count stays valid).
    fn lock(&self) -> MutexGuard<'_, usize> {
        self.taken.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_worker_waits_for_a_free_place_and_not_for_a_dead_writer() {
        let slots = QueueSlots::default();
        let alive = AtomicBool::new(true);
        slots.take(2, &alive);
        slots.take(2, &alive);
        assert_eq!(slots.taken(), 2);
        std::thread::scope(|scope| {
            let waiter = scope.spawn(|| {
                slots.take(2, &alive);
                slots.taken()
            });
            std::thread::sleep(Duration::from_millis(30));
            assert!(!waiter.is_finished(), "a full queue makes the worker wait");
            slots.give_back(1);
            assert_eq!(waiter.join().unwrap(), 2);
        });
        // A stopped writer frees nothing: taking returns at once.
        alive.store(false, Ordering::Release);
        slots.take(2, &alive);
        assert_eq!(slots.taken(), 3);
        slots.give_back(5);
        assert_eq!(slots.taken(), 0, "never below zero");
    }

    #[test]
    fn a_waiting_worker_notices_its_writer_stopping() {
        let slots = QueueSlots::default();
        let alive = AtomicBool::new(true);
        slots.take(1, &alive);
        std::thread::scope(|scope| {
            let waiter = scope.spawn(|| slots.take(1, &alive));
            std::thread::sleep(Duration::from_millis(20));
            alive.store(false, Ordering::Release);
            waiter.join().unwrap();
        });
        assert_eq!(slots.taken(), 2);
    }
}
