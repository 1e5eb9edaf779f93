//! The event recorder every component writes through: client-go's
//! `EventCorrelator` (tools/record/events_cache.go), which decides what
//! reaches the API server.
//!
//! - **Aggregation** (`EventAggregator`): when one source says the same
//!   reason about one object with 10 different messages within 10 minutes
//!   (`defaultAggregateMaxEvents`, `defaultAggregateIntervalInSeconds`),
//!   the next ones go to a single event, `(combined from similar events): `
//!   followed by the latest message.
//! - **Counting** (`eventLogger.eventObserve`): an event seen before (same
//!   `getEventKey`) updates that record's `count` and `lastTimestamp`.
//! - **Spam filter** (`EventSourceObjectSpamFilter`): each source and
//!   object get a token bucket of 25 (`defaultSpamBurst`) refilled at one
//!   every 5 minutes (`defaultSpamQPS`). An event without a token never
//!   reaches the API; it is still counted, so the next write carries the
//!   full count (and creates the event if its first write was dropped).
//!
//! client-go keeps each cache in an LRU of 4096 entries
//! (`maxLruCacheEntries`, `k8s.io/utils/lru`): every use of a key makes it
//! the most recently used, and a new key in a full cache pushes out the
//! least recently used one, which starts over as a new event if it comes
//! again. [`Lru`] is that cache, so a year of a CronJob (millions of keys)
//! keeps 4096 of them per cache, as a controller does.

use super::trace::{EventRecord, EventUpdate, Millis, Text};
use super::Cluster;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// The caches' keys are already hashes (see `mix`): hashing them again
/// would only cost time.
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0.rotate_left(8)) ^ u64::from(*b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type KeyMap<V> = HashMap<u64, V, BuildHasherDefault<KeyHasher>>;

/// `defaultAggregateMaxEvents`.
const AGGREGATE_MAX_EVENTS: usize = 10;
/// `defaultAggregateIntervalInSeconds`.
const AGGREGATE_INTERVAL: Millis = 600_000;
/// `defaultSpamBurst`.
const SPAM_BURST: i64 = 25;
/// One token per 5 minutes (`defaultSpamQPS` = 1/300).
const SPAM_REFILL: Millis = 300_000;
/// `maxLruCacheEntries`.
const LRU_ENTRIES: usize = 4096;
/// `EventAggregatorByReasonMessageFunc`'s prefix.
pub const COMBINED_PREFIX: &str = "(combined from similar events): ";

/// What the recorder remembers between events.
#[derive(Debug, Default)]
pub struct EventCorrelator {
    /// `eventLogger`: key (event key, or aggregate key for a combined
    /// event) → count so far, firstTimestamp and the API record if one was
    /// written.
    observed: Lru<Observation>,
    /// `EventAggregator`: aggregate key → hashes of the distinct messages
    /// seen (fewer than 10) and the last time one came.
    similar: Lru<Similar>,
    /// `EventSourceObjectSpamFilter`: source and object → token bucket,
    /// kept in milliseconds of refill (a token is `SPAM_REFILL` of them),
    /// and when it was last used.
    spam: Lru<(i64, Millis)>,
    /// Where each event went when old ones were deleted (`prune_events`),
    /// kept between prunes: a list as long as the events, which glibc's
    /// allocator, freeing it, answered by merging all its small free
    /// blocks (5 % of a long run's profile).
    moved: Vec<Option<usize>>,
}

/// `lru.Cache` of `k8s.io/utils/lru` (groupcache's) holding
/// `LRU_ENTRIES` keys: the correlator's three caches `Get` a key, then
/// `Add` it, so each event makes its key the most recently used; `Add`ing
/// a new key to a full cache removes the least recently used
/// (`RemoveOldest`). The recency list is threaded through a slab of at
/// most `LRU_ENTRIES` entries, whose slots are reused, so a year of events
/// allocates nothing once the cache is full.
#[derive(Debug)]
pub(crate) struct Lru<V> {
    slot_of: KeyMap<u32>,
    /// At most this many keys (`LRU_ENTRIES`, fewer in tests).
    capacity: usize,
    slots: Vec<Slot<V>>,
    /// The most and the least recently used slots (`NIL` when empty).
    newest: u32,
    oldest: u32,
}

#[derive(Debug)]
struct Slot<V> {
    key: u64,
    /// Towards the newest and towards the oldest.
    newer: u32,
    older: u32,
    value: V,
}

const NIL: u32 = u32::MAX;

impl<V> Default for Lru<V> {
    fn default() -> Self {
        Lru::with_capacity(LRU_ENTRIES)
    }
}

impl<V> Lru<V> {
    fn with_capacity(capacity: usize) -> Self {
        Lru {
            slot_of: KeyMap::default(),
            capacity,
            slots: Vec::new(),
            newest: NIL,
            oldest: NIL,
        }
    }

    /// `Get` then `Add`: the key's value, made the most recently used, and
    /// whether it was there; a key not there gets `new()`, in place of the
    /// least recently used one if the cache is full.
    fn use_key(&mut self, key: u64, new: impl FnOnce() -> V) -> (&mut V, bool) {
        if let Some(&i) = self.slot_of.get(&key) {
            self.unlink(i);
            self.link_newest(i);
            return (&mut self.slots[i as usize].value, true);
        }
        let i = if self.slots.len() < self.capacity {
            self.slots.push(Slot {
                key,
                newer: NIL,
                older: NIL,
                value: new(),
            });
            (self.slots.len() - 1) as u32
        } else {
            let i = self.oldest;
            self.unlink(i);
            let slot = &mut self.slots[i as usize];
            self.slot_of.remove(&slot.key);
            slot.key = key;
            slot.value = new();
            i
        };
        self.link_newest(i);
        self.slot_of.insert(key, i);
        (&mut self.slots[i as usize].value, false)
    }

    /// A key's value, leaving its recency as it is.
    fn get_mut(&mut self, key: u64) -> Option<&mut V> {
        let i = *self.slot_of.get(&key)?;
        Some(&mut self.slots[i as usize].value)
    }

    fn values_mut(&mut self) -> impl Iterator<Item = &mut V> {
        self.slots.iter_mut().map(|s| &mut s.value)
    }

    fn unlink(&mut self, i: u32) {
        let (newer, older) = {
            let s = &self.slots[i as usize];
            (s.newer, s.older)
        };
        match newer {
            NIL => self.newest = older,
            n => self.slots[n as usize].older = older,
        }
        match older {
            NIL => self.oldest = newer,
            o => self.slots[o as usize].newer = newer,
        }
    }

    fn link_newest(&mut self, i: u32) {
        let old_newest = self.newest;
        {
            let s = &mut self.slots[i as usize];
            s.newer = NIL;
            s.older = old_newest;
        }
        match old_newest {
            NIL => self.oldest = i,
            n => self.slots[n as usize].newer = i,
        }
        self.newest = i;
    }
}

/// The distinct messages of one aggregate key. Most keys see one message
/// (every pod and Job has its own object), so the first is kept inline and
/// only a key that sees several gets a heap list: a cache entry is 40
/// bytes, not 96, and a year of a CronJob touches thousands of them.
#[derive(Debug, Clone)]
struct Similar {
    /// The oldest message still in the set.
    first: u64,
    /// The others, oldest first (at most `AGGREGATE_MAX_EVENTS - 2`).
    more: Vec<u64>,
    last: Millis,
}

impl Similar {
    /// A set holding one message.
    fn new(message: u64, now: Millis) -> Similar {
        Similar {
            first: message,
            more: Vec::new(),
            last: now,
        }
    }

    /// Adds a message (if new); true once the set reached
    /// `AGGREGATE_MAX_EVENTS`, when it drops its oldest (Go's `PopAny`
    /// picks any element) to stay below it.
    fn see(&mut self, message: u64) -> bool {
        if self.first == message || self.more.contains(&message) {
            return false;
        }
        if self.more.len() + 2 < AGGREGATE_MAX_EVENTS {
            self.more.push(message);
            return false;
        }
        self.first = self.more.remove(0);
        self.more.push(message);
        true
    }
}

#[derive(Debug, Clone, Copy)]
struct Observation {
    count: u32,
    first_at: Millis,
    record: Option<usize>,
}

impl Cluster {
    /// Records an event through the correlator (see the module comment).
    pub fn event(
        &mut self,
        kind: &'static str,
        name: &std::rc::Rc<str>,
        type_: &'static str,
        reason: impl Into<Text>,
        message: String,
        source: &'static str,
    ) {
        self.record_event(kind, name, None, type_, reason.into(), message, source);
    }

    /// A kubelet event about one of a pod's containers: its object
    /// reference carries the container's fieldPath (`spec.containers{x}`,
    /// `spec.initContainers{x}`: GenerateContainerRef).
    pub(crate) fn container_event(
        &mut self,
        p: usize,
        c: usize,
        type_: &'static str,
        reason: impl Into<Text>,
        message: String,
    ) {
        let name = self.trace.pods[p].name.clone();
        let cl = &self.pods[p].containers[c];
        let list = if cl.init {
            "initContainers"
        } else {
            "containers"
        };
        let field_path = finish(mix(mix(SEED, list), &cl.spec.name));
        self.record_event(
            "Pod",
            &name,
            Some(field_path),
            type_,
            reason.into(),
            message,
            "kubelet",
        );
    }

    #[allow(clippy::too_many_arguments)]
    fn record_event(
        &mut self,
        kind: &'static str,
        name: &std::rc::Rc<str>,
        field_path: Option<u64>,
        type_: &'static str,
        reason: Text,
        message: String,
        source: &'static str,
    ) {
        let now = self.now;

        // The keys share their prefixes: source and object (getSpamKey),
        // then type and reason (EventAggregatorByReasonFunc), then the
        // message (getEventKey, which is also the message's local key
        // within its aggregate group). Only getEventKey has the object's
        // fieldPath: the same message about two containers of a pod is two
        // events, though one aggregate group and one spam bucket.
        let object = mix(mix(mix(SEED, source), kind), name);
        let aggregate = mix(mix(object, type_), &reason);
        let (object_key, aggregate_key) = (finish(object), finish(aggregate));
        let event_key = match field_path {
            Some(f) => finish(super::hashing::fx_step(mix(aggregate, &message), f)),
            None => finish(mix(aggregate, &message)),
        };

        // EventAggregate: a key unseen for the interval starts over.
        let (similar, seen) = self
            .correlator
            .similar
            .use_key(aggregate_key, || Similar::new(event_key, now));
        let combined = seen && {
            let expired = now - similar.last > AGGREGATE_INTERVAL;
            similar.last = now;
            if expired {
                similar.first = event_key;
                similar.more.clear();
                false
            } else {
                similar.see(event_key)
            }
        };
        let (message, key) = if combined {
            (super::concat(&[COMBINED_PREFIX, &message]), aggregate_key)
        } else {
            (message, event_key)
        };

        // eventObserve: counted whether or not it is written.
        let (obs, _) = self.correlator.observed.use_key(key, || Observation {
            count: 0,
            first_at: now,
            record: None,
        });
        obs.count = obs.count.saturating_add(1);
        let Observation {
            count,
            first_at,
            record,
        } = *obs;

        // EventSourceObjectSpamFilter.Filter: a token bucket that starts
        // full.
        let capacity = SPAM_BURST * SPAM_REFILL;
        let (bucket, _) = self.correlator.spam.use_key(object_key, || (capacity, now));
        bucket.0 = (bucket.0 + (now - bucket.1)).min(capacity);
        bucket.1 = now;
        let accepted = bucket.0 >= SPAM_REFILL;
        if accepted {
            bucket.0 -= SPAM_REFILL;
        }
        if !accepted {
            return;
        }

        // recordToSink: a PATCH of the known record, or a create.
        if let Some(i) = record {
            let e = &mut self.trace.events[i];
            let changed = e.latest_message() != message;
            e.count = count;
            e.last_at = now;
            e.patches.push(EventUpdate {
                at: now,
                count,
                message: changed.then_some(message),
            });
            return;
        }
        let i = self.trace.events.len();
        self.trace.events.push(EventRecord {
            first_at,
            last_at: now,
            count,
            kind,
            name: name.clone(),
            type_,
            reason,
            message,
            source,
            created: (now, count),
            patches: Vec::new(),
        });
        if let Some(o) = self.correlator.observed.get_mut(key) {
            o.record = Some(i);
        }
        self.prune_events();
    }

    /// The API server deletes events an hour after their last update
    /// (`--event-ttl`, 1 h by default). Long runs drop them the same way,
    /// so a year of a CronJob does not keep millions of them. The recorder
    /// still remembers their counts: when one happens again, its PATCH
    /// finds nothing and it is created anew with the count going on
    /// (`recordEvent`).
    fn prune_events(&mut self) {
        let now = self.now;
        if self.trace.events.len() < EVENT_PRUNE_THRESHOLD
            || !self.trace.events.len().is_multiple_of(4096)
        {
            return;
        }
        let moved = &mut self.correlator.moved;
        moved.clear();
        let mut kept = 0;
        for e in &self.trace.events {
            if now - e.last_at <= EVENT_TTL {
                moved.push(Some(kept));
                kept += 1;
            } else {
                moved.push(None);
            }
        }
        if kept == self.trace.events.len() {
            return;
        }
        self.trace.events.retain(|e| now - e.last_at <= EVENT_TTL);
        let c = &mut self.correlator;
        for o in c.observed.values_mut() {
            o.record = o.record.and_then(|i| c.moved[i]);
        }
        self.note("Events older than one hour were deleted, as the API server does (event TTL): looking back more than an hour shows fewer events.");
    }
}

/// `--event-ttl` of kube-apiserver: 1 h.
pub const EVENT_TTL: Millis = 3_600_000;
/// Below this many events nothing is pruned (every lesson keeps them all).
const EVENT_PRUNE_THRESHOLD: usize = 50_000;

const SEED: u64 = 0xcbf2_9ce4_8422_2325;

/// SplitMix64's finaliser: every bit of a key depends on every bit of the
/// state, so the hash map's buckets spread well.
fn finish(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Folds a string into a key, eight bytes at a time (FxHash's step, read
/// little-endian so every platform gets the same keys), then its length,
/// so "ab"+"c" and "a"+"bc" differ. Keys are compared by this hash alone.
fn mix(mut h: u64, s: &str) -> u64 {
    let mut step = |word: u64| h = super::hashing::fx_step(h, word);
    let bytes = s.as_bytes();
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        step(u64::from_le_bytes([
            c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7],
        ]));
    }
    let mut tail = [0u8; 8];
    tail[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    step(u64::from_le_bytes(tail));
    step(bytes.len() as u64);
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_combines_from_its_tenth_distinct_message_and_drops_the_oldest() {
        let mut s = Similar::new(1, 0);
        for m in 2..=9 {
            assert!(!s.see(m), "message {m} of 9: not yet combined");
        }
        assert!(!s.see(1) && !s.see(9), "a message already seen is not new");
        assert!(s.see(10), "the tenth distinct message is combined");
        assert!(s.see(1), "the oldest (1) was dropped, so it is new again");
        assert!(!s.see(10) && !s.see(3), "kept: the nine latest");
        assert_eq!((s.first, s.more.len()), (3, 8));
    }

    /// The cache against a plain list of keys, newest last, over random
    /// uses of a few keys (many hits, many evictions).
    #[test]
    fn the_cache_keeps_what_a_list_of_recent_keys_keeps() {
        for capacity in [1, 2, 7, 40] {
            let mut lru: Lru<u64> = Lru::with_capacity(capacity);
            let mut model: Vec<(u64, u64)> = Vec::new();
            let mut rng = crate::sim::rng::Rng::new(capacity as u64);
            for step in 0..20_000u64 {
                let r = rng.next_u64();
                // A small set of keys, so that many uses are hits; some
                // share their low bits, some are near u64::MAX.
                let key = match r % 3 {
                    0 => (r >> 8) % 60,
                    1 => ((r >> 8) % 60) << 32,
                    _ => u64::MAX - (r >> 8) % 60,
                };
                let (v, seen) = lru.use_key(key, || step);
                let pos = model.iter().position(|(k, _)| *k == key);
                assert_eq!(seen, pos.is_some(), "step {step}, key {key:#x}");
                let entry = match pos {
                    Some(p) => model.remove(p),
                    None => (key, step),
                };
                assert_eq!(*v, entry.1, "step {step}: the value kept");
                model.push(entry);
                if model.len() > capacity {
                    model.remove(0);
                }
                assert_eq!(lru.slot_of.len(), model.len());
            }
            for (k, v) in &model {
                assert_eq!(lru.get_mut(*k).copied(), Some(*v));
            }
        }
    }

    #[test]
    fn a_full_cache_forgets_its_least_recently_used_key() {
        let mut lru: Lru<u64> = Lru::default();
        for k in 0..LRU_ENTRIES as u64 {
            let (v, seen) = lru.use_key(k, || k * 10);
            assert!(!seen && *v == k * 10);
        }
        // Using key 0 again makes key 1 the least recently used.
        let (v, seen) = lru.use_key(0, || 7);
        assert!(seen && *v == 0, "a key there keeps its value");
        let (_, seen) = lru.use_key(9999, || 1);
        assert!(!seen);
        assert_eq!(lru.slots.len(), LRU_ENTRIES, "never more than 4096 keys");
        assert!(lru.get_mut(1).is_none(), "the least recently used went");
        assert!(lru.get_mut(0).is_some() && lru.get_mut(2).is_some());
        // The next new keys push out 2, 3, … in the order they were used.
        for k in 10_000..10_003 {
            lru.use_key(k, || 0);
        }
        assert!((2..5).all(|k| lru.get_mut(k).is_none()));
        assert!(lru.get_mut(5).is_some() && lru.get_mut(0).is_some());
        let (v, seen) = lru.use_key(3, || 33);
        assert!(!seen && *v == 33, "a forgotten key starts over");
        // Walking the list from the oldest visits every key once, in order.
        let (mut i, mut n, mut last) = (lru.oldest, 0, None);
        while i != NIL {
            let s = &lru.slots[i as usize];
            assert_eq!(lru.slot_of.get(&s.key), Some(&i));
            last = Some(s.key);
            i = s.newer;
            n += 1;
        }
        assert_eq!((n, last), (LRU_ENTRIES, Some(3)));
    }
}
