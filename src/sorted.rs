//! Ordered maps and sets kept as sorted vectors, in place of the standard
//! library's B-trees.
//!
//! Every `BTreeMap<K, V>` type the program used brought its own copy of the
//! tree's code (search, node splits and merges, iterators, clone, drop):
//! 3 to 9 kB of WebAssembly each, about 50 kB for a dozen key and value
//! types. The maps here are small (a pod's labels, a script's variables, a
//! scenario's programs) or filled in order (a Job's completed indexes), so
//! a sorted vector with binary search is as quick, and its code is a
//! fraction of that. The API is the part of `BTreeMap` and `BTreeSet` the
//! program uses, with the same meaning: keys unique, iteration in key
//! order.

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::fmt;

/// A map from keys to values, iterated in key order.
#[derive(Clone, PartialEq, Eq)]
pub struct SortedMap<K, V> {
    entries: Vec<(K, V)>,
}

impl<K, V> Default for SortedMap<K, V> {
    fn default() -> Self {
        SortedMap {
            entries: Vec::new(),
        }
    }
}

impl<K: fmt::Debug, V: fmt::Debug> fmt::Debug for SortedMap<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.entries.iter().map(|(k, v)| (k, v)))
            .finish()
    }
}

impl<K, V> SortedMap<K, V> {
    pub const fn new() -> Self {
        SortedMap {
            entries: Vec::new(),
        }
    }
    pub fn len(&self) -> usize {
        self.entries.len()
    }
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
    pub fn clear(&mut self) {
        self.entries.clear();
    }
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&K, &V)> + ExactSizeIterator {
        self.entries.iter().map(|(k, v)| (k, v))
    }
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &K> + ExactSizeIterator {
        self.entries.iter().map(|(k, _)| k)
    }
    pub fn retain(&mut self, mut keep: impl FnMut(&K, &mut V) -> bool) {
        self.entries.retain_mut(|(k, v)| keep(k, v));
    }
}

impl<K: Ord, V> SortedMap<K, V> {
    fn find<Q: Ord + ?Sized>(&self, key: &Q) -> Result<usize, usize>
    where
        K: Borrow<Q>,
    {
        self.entries.binary_search_by(|(k, _)| k.borrow().cmp(key))
    }
    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|i| &self.entries[i].1)
    }
    pub fn get_mut<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|i| &mut self.entries[i].1)
    }
    pub fn contains_key<Q: Ord + ?Sized>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.find(key).is_ok()
    }
    /// Adds or replaces; the value it replaced, if any.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.find(&key) {
            Ok(i) => Some(std::mem::replace(&mut self.entries[i].1, value)),
            Err(i) => {
                self.entries.insert(i, (key, value));
                None
            }
        }
    }
    pub fn remove<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|i| self.entries.remove(i).1)
    }
    /// The value of `key`, made with `make` first if it had none (what
    /// `entry(key).or_insert_with(make)` does).
    pub fn get_or_insert_with(&mut self, key: K, make: impl FnOnce() -> V) -> &mut V {
        let i = match self.find(&key) {
            Ok(i) => i,
            Err(i) => {
                self.entries.insert(i, (key, make()));
                i
            }
        };
        &mut self.entries[i].1
    }
    /// `entry(key).or_default()`.
    pub fn get_or_default(&mut self, key: K) -> &mut V
    where
        V: Default,
    {
        self.get_or_insert_with(key, V::default)
    }
}

impl<K: Ord + Borrow<Q>, Q: Ord + ?Sized, V> std::ops::Index<&Q> for SortedMap<K, V> {
    type Output = V;
    /// As `BTreeMap`'s: panics when the key is missing.
    fn index(&self, key: &Q) -> &V {
        self.get(key).expect("no entry found for key")
    }
}

impl<K: Ord, V> FromIterator<(K, V)> for SortedMap<K, V> {
    /// As `BTreeMap`: of equal keys, the last value wins.
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut m = SortedMap::new();
        m.extend(iter);
        m
    }
}

impl<K: Ord, V> Extend<(K, V)> for SortedMap<K, V> {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, iter: I) {
        for (k, v) in iter {
            // Keys that come in order (the usual case) go at the end.
            match self.entries.last() {
                Some((last, _)) if last.cmp(&k) == Ordering::Less => self.entries.push((k, v)),
                None => self.entries.push((k, v)),
                _ => {
                    self.insert(k, v);
                }
            }
        }
    }
}

impl<K, V> IntoIterator for SortedMap<K, V> {
    type Item = (K, V);
    type IntoIter = std::vec::IntoIter<(K, V)>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

impl<'a, K, V> IntoIterator for &'a SortedMap<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = std::iter::Map<std::slice::Iter<'a, (K, V)>, fn(&'a (K, V)) -> (&'a K, &'a V)>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter().map(|(k, v)| (k, v))
    }
}

/// A set of values, iterated in order.
#[derive(Clone, PartialEq, Eq)]
pub struct SortedSet<T> {
    items: Vec<T>,
}

impl<T> Default for SortedSet<T> {
    fn default() -> Self {
        SortedSet { items: Vec::new() }
    }
}

impl<T: fmt::Debug> fmt::Debug for SortedSet<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(&self.items).finish()
    }
}

impl<T> SortedSet<T> {
    pub const fn new() -> Self {
        SortedSet { items: Vec::new() }
    }
    pub fn len(&self) -> usize {
        self.items.len()
    }
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.items.iter()
    }
    pub fn first(&self) -> Option<&T> {
        self.items.first()
    }
    pub fn last(&self) -> Option<&T> {
        self.items.last()
    }
    pub fn retain(&mut self, keep: impl FnMut(&T) -> bool) {
        self.items.retain(keep);
    }
}

impl<T: Ord> SortedSet<T> {
    fn find<Q: Ord + ?Sized>(&self, value: &Q) -> Result<usize, usize>
    where
        T: Borrow<Q>,
    {
        self.items.binary_search_by(|v| v.borrow().cmp(value))
    }
    pub fn contains<Q: Ord + ?Sized>(&self, value: &Q) -> bool
    where
        T: Borrow<Q>,
    {
        self.find(value).is_ok()
    }
    /// Whether it was new.
    pub fn insert(&mut self, value: T) -> bool {
        match self.items.last().map(|last| last.cmp(&value)) {
            // In order: at the end (a Job's indexes complete mostly so).
            None | Some(Ordering::Less) => {
                self.items.push(value);
                true
            }
            _ => match self.find(&value) {
                Ok(_) => false,
                Err(i) => {
                    self.items.insert(i, value);
                    true
                }
            },
        }
    }
    pub fn remove<Q: Ord + ?Sized>(&mut self, value: &Q) -> bool
    where
        T: Borrow<Q>,
    {
        match self.find(value) {
            Ok(i) => {
                self.items.remove(i);
                true
            }
            Err(_) => false,
        }
    }
    /// The values from `start` on (`range(start..)`).
    pub fn range_from(&self, start: &T) -> std::slice::Iter<'_, T> {
        let i = self.find(start).unwrap_or_else(|i| i);
        self.items[i..].iter()
    }
}

impl<T: Ord> FromIterator<T> for SortedSet<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut s = SortedSet::new();
        s.extend(iter);
        s
    }
}

impl<T: Ord> Extend<T> for SortedSet<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
        for v in iter {
            self.insert(v);
        }
    }
}

impl<T> IntoIterator for SortedSet<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a SortedSet<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    /// SplitMix64, for a reproducible stream of operations.
    fn next(state: &mut u64) -> u64 {
        *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = *state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// The same random inserts, removals and lookups on a `SortedMap` and
    /// a `BTreeMap` give the same answers and the same contents in order.
    #[test]
    fn the_map_behaves_as_a_btree_map() {
        for keys in [1u64, 3, 17, 200] {
            let mut state = keys;
            let (mut ours, mut std) = (SortedMap::new(), BTreeMap::new());
            for step in 0..5_000u64 {
                let k = next(&mut state) % keys;
                match next(&mut state) % 6 {
                    0 | 1 => assert_eq!(ours.insert(k, step), std.insert(k, step)),
                    2 => assert_eq!(ours.remove(&k), std.remove(&k)),
                    3 => assert_eq!(ours.get(&k), std.get(&k)),
                    4 => {
                        *ours.get_or_insert_with(k, || step) += 1;
                        *std.entry(k).or_insert_with(|| step) += 1;
                    }
                    _ => {
                        ours.retain(|k, _| k % 5 != step % 5);
                        std.retain(|k, _| k % 5 != step % 5);
                    }
                }
                assert_eq!(ours.len(), std.len());
            }
            let a: Vec<_> = ours.iter().collect();
            let b: Vec<_> = std.iter().collect();
            assert_eq!(a, b);
            let collected: SortedMap<u64, u64> = std.clone().into_iter().rev().collect();
            assert_eq!(
                collected.into_iter().collect::<Vec<_>>(),
                std.into_iter().collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn the_set_behaves_as_a_btree_set() {
        for values in [1i32, 4, 50, 10_000] {
            let mut state = values as u64;
            let (mut ours, mut std) = (SortedSet::new(), BTreeSet::new());
            for _ in 0..5_000 {
                let v = (next(&mut state) % values as u64) as i32;
                match next(&mut state) % 4 {
                    0 | 1 => assert_eq!(ours.insert(v), std.insert(v)),
                    2 => assert_eq!(ours.remove(&v), std.remove(&v)),
                    _ => assert_eq!(ours.contains(&v), std.contains(&v)),
                }
            }
            assert!(ours.iter().eq(std.iter()));
            let from = values / 2;
            assert!(ours.range_from(&from).eq(std.range(from..)));
            assert_eq!(ours.first(), std.first());
            assert_eq!(ours.last(), std.last());
        }
    }
}
