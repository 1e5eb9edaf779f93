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
//! (`maxLruCacheEntries`). Here a cache that reaches 7168 keys forgets all
//! but its 4096 most recently used at once: the same bound on memory (a
//! year of a CronJob makes millions of keys), and a forgotten key starts
//! over as a new event, as after an LRU eviction.

use super::trace::{EventRecord, EventUpdate, Millis, Text};
use super::Cluster;
use std::collections::hash_map::Entry;
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
/// When a cache is cut back to `LRU_ENTRIES`: the most a hash table of
/// 8192 buckets holds (hashbrown fills 7/8 of them), so the table never
/// doubles. Every event looks up three caches; at twice the size they no
/// longer fit the CPU's cache, and a long run took 7 % longer.
const EVICT_AT: usize = LRU_ENTRIES * 7 / 4;
/// `EventAggregatorByReasonMessageFunc`'s prefix.
pub const COMBINED_PREFIX: &str = "(combined from similar events): ";

/// What the recorder remembers between events.
#[derive(Debug, Default)]
pub struct EventCorrelator {
    /// `eventLogger`: key (event key, or aggregate key for a combined
    /// event) → count so far, firstTimestamp and the API record if one was
    /// written.
    observed: KeyMap<Observation>,
    /// `EventAggregator`: aggregate key → hashes of the distinct messages
    /// seen (fewer than 10) and the last time one came.
    similar: KeyMap<Similar>,
    /// `EventSourceObjectSpamFilter`: source and object → token bucket,
    /// kept in milliseconds of refill (a token is `SPAM_REFILL` of them),
    /// and when it was last used.
    spam: KeyMap<(i64, Millis)>,
    /// The last-use times `evict` sorts, kept between evictions (a year
    /// of a CronJob evicts thousands of times).
    scratch: Vec<Millis>,
}

/// Forgets all but the `LRU_ENTRIES` most recently used keys once a cache
/// holds `EVICT_AT` (`used` gives each entry's last use; `times` is
/// scratch space).
fn evict<V>(cache: &mut KeyMap<V>, times: &mut Vec<Millis>, used: impl Fn(&V) -> Millis) {
    if cache.len() < EVICT_AT {
        return;
    }
    times.clear();
    times.extend(cache.values().map(&used));
    let k = times.len() - LRU_ENTRIES;
    let (_, cut, _) = times.select_nth_unstable(k);
    let cut = *cut;
    cache.retain(|_, v| used(v) >= cut);
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
    last_used: Millis,
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
        let combined = match self.correlator.similar.entry(aggregate_key) {
            Entry::Vacant(v) => {
                v.insert(Similar::new(event_key, now));
                false
            }
            Entry::Occupied(o) => {
                let similar = o.into_mut();
                let expired = now - similar.last > AGGREGATE_INTERVAL;
                similar.last = now;
                if expired {
                    similar.first = event_key;
                    similar.more.clear();
                    false
                } else {
                    similar.see(event_key)
                }
            }
        };
        let (message, key) = if combined {
            (super::concat(&[COMBINED_PREFIX, &message]), aggregate_key)
        } else {
            (message, event_key)
        };

        // eventObserve: counted whether or not it is written.
        let obs = self
            .correlator
            .observed
            .entry(key)
            .and_modify(|o| {
                o.count = o.count.saturating_add(1);
                o.last_used = now;
            })
            .or_insert(Observation {
                count: 1,
                first_at: now,
                record: None,
                last_used: now,
            });
        let Observation {
            count,
            first_at,
            record,
            ..
        } = *obs;

        // EventSourceObjectSpamFilter.Filter: a token bucket that starts
        // full.
        let capacity = SPAM_BURST * SPAM_REFILL;
        let bucket = self
            .correlator
            .spam
            .entry(object_key)
            .or_insert((capacity, now));
        bucket.0 = (bucket.0 + (now - bucket.1)).min(capacity);
        bucket.1 = now;
        let accepted = bucket.0 >= SPAM_REFILL;
        if accepted {
            bucket.0 -= SPAM_REFILL;
        }
        let c = &mut self.correlator;
        evict(&mut c.similar, &mut c.scratch, |v| v.last);
        evict(&mut c.observed, &mut c.scratch, |o| o.last_used);
        evict(&mut c.spam, &mut c.scratch, |v| v.1);
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
        if let Some(o) = self.correlator.observed.get_mut(&key) {
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
        let mut moved = Vec::with_capacity(self.trace.events.len());
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
        for o in self.correlator.observed.values_mut() {
            o.record = o.record.and_then(|i| moved[i]);
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

    #[test]
    fn a_full_cache_keeps_its_4096_most_recent_keys() {
        let below = (EVICT_AT - 1) as Millis;
        let mut cache: KeyMap<Millis> = (0..below).map(|i| (i as u64, i)).collect();
        evict(&mut cache, &mut Vec::new(), |t| *t);
        assert_eq!(
            cache.len(),
            EVICT_AT - 1,
            "below the threshold: nothing goes"
        );
        cache.insert(9999, 9999);
        assert!(
            cache.capacity() < 2 * LRU_ENTRIES,
            "a table of 8192 buckets holds it all"
        );
        evict(&mut cache, &mut Vec::new(), |t| *t);
        assert_eq!(cache.len(), LRU_ENTRIES);
        assert!(cache.values().all(|t| *t >= below - 4095));
        assert!(cache.contains_key(&9999));
    }
}
