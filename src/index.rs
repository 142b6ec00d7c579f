//! Lookups that stay linear (or n log n) as a policy grows to thousands of parcels and
//! hundreds of programs: a stable merge sort of item indices (the parcels page) and an
//! index of ids sorted for binary search (the validator's duplicate ids, natively).
//!
//! The sort is written here, once, over indices with a comparison passed by reference:
//! one small function in the wasm module instead of a copy of `core`'s slice sorts for
//! each element type (about 1 KB gzipped each; README, "Measured").

use std::cmp::Ordering;

/// Sorts `idx` stably by `cmp` (a bottom-up merge sort: n log n comparisons, one
/// scratch buffer).
pub fn sort_indices(idx: &mut Vec<usize>, cmp: &mut dyn FnMut(usize, usize) -> Ordering) {
    let n = idx.len();
    let mut buf = vec![0usize; n];
    let mut width = 1;
    while width < n {
        let mut start = 0;
        while start < n {
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            let (mut i, mut j, mut k) = (start, mid, start);
            while k < end {
                // Take from the left run unless the right one is strictly smaller: stable.
                let left = i < mid && (j >= end || cmp(idx[j], idx[i]) != Ordering::Less);
                buf[k] = if left { idx[i] } else { idx[j] };
                if left {
                    i += 1;
                } else {
                    j += 1;
                }
                k += 1;
            }
            start = end;
        }
        std::mem::swap(idx, &mut buf);
        width *= 2;
    }
}

/// Item indices sorted by their ids (equal ids in item order), for binary search. Used
/// natively only (the validator's long lists); the wasm module does without it.
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
pub struct IdIndex<'a> {
    ids: Vec<&'a str>,
    order: Vec<usize>,
}

#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
impl<'a> IdIndex<'a> {
    /// The index of a list of ids.
    pub fn new(ids: Vec<&'a str>) -> IdIndex<'a> {
        let mut order = Vec::new();
        for i in 0..ids.len() {
            order.push(i);
        }
        sort_indices(&mut order, &mut |a, b| ids[a].cmp(ids[b]));
        IdIndex { ids, order }
    }

    /// The position of the first item with this id.
    pub fn find(&self, id: &str) -> Option<usize> {
        // The first of equal ids: the lowest position whose id is not less than `id`
        // (a binary search written out: no slice search in the wasm module).
        let (mut lo, mut hi) = (0, self.order.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.ids[self.order[mid]] < id {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        let &i = self.order.get(lo)?;
        (self.ids[i] == id).then_some(i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_stably_and_finds_first_ids() {
        // Worked by hand: ids c a b a c → sorted a(1) a(3) b(2) c(0) c(4).
        let index = IdIndex::new(vec!["c", "a", "b", "a", "c"]);
        assert_eq!(index.order, vec![1, 3, 2, 0, 4]);
        assert_eq!(index.find("a"), Some(1));
        assert_eq!(index.find("c"), Some(0));
        assert_eq!(index.find("b"), Some(2));
        assert_eq!(index.find("d"), None);
        assert_eq!(index.find(""), None);
        let empty = IdIndex::new(Vec::new());
        assert_eq!(empty.find("a"), None);
    }

    #[test]
    fn merge_sort_matches_a_stable_sort() {
        // Keys with many ties, in several lengths (odd, powers of two and not).
        for n in [0usize, 1, 2, 3, 7, 8, 9, 33, 100] {
            let keys: Vec<usize> = (0..n).map(|i| (i * 7 + 3) % 5).collect();
            let mut idx: Vec<usize> = (0..n).collect();
            sort_indices(&mut idx, &mut |a, b| keys[a].cmp(&keys[b]));
            let mut want: Vec<usize> = (0..n).collect();
            want.sort_by_key(|&i| keys[i]); // std's stable sort, natively only
            assert_eq!(idx, want, "n = {n}");
        }
    }
}
