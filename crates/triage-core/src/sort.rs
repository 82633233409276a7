//! The crate's one sort. Every element type given to the standard library's sorts gets its own copy of them
//! (about 3 KB of wasm each, pattern-defeating quicksort and its small-sort networks); sorting positions with
//! one comparison signature and a plain merge sort keeps a few hundred bytes in the build.

use std::cmp::Ordering;

/// Sorts `items` by `key`, stably: items with equal keys keep their order.
pub fn by_key<T, K: Ord>(items: &mut Vec<T>, key: impl Fn(&T) -> K) {
    let order = positions(items.len(), &|a, b| {
        items.get(a).map(&key).cmp(&items.get(b).map(&key))
    });
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(
        order
            .into_iter()
            .filter_map(|i| slots.get_mut(i).and_then(Option::take)),
    );
}

/// The positions `0..len` ordered by `compare`, ties by position: a bottom-up merge sort, stable because a
/// merge takes from the left run on ties.
fn positions(len: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    let mut merged = vec![0; len];
    let mut width = 1;
    while width < len {
        for start in (0..len).step_by(2 * width) {
            let mid = (start + width).min(len);
            let end = (start + 2 * width).min(len);
            let (mut left, mut right) = (start, mid);
            for slot in &mut merged[start..end] {
                let take_left = right == end || (left < mid && compare(order[left], order[right]).is_le());
                *slot = if take_left { order[left] } else { order[right] };
                if take_left {
                    left += 1;
                } else {
                    right += 1;
                }
            }
        }
        std::mem::swap(&mut order, &mut merged);
        width *= 2;
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_keys_keep_their_order() {
        let mut items = vec![(3, 'a'), (1, 'b'), (3, 'c'), (0, 'd'), (1, 'e')];
        by_key(&mut items, |&(k, _)| k);
        assert_eq!(items, [(0, 'd'), (1, 'b'), (1, 'e'), (3, 'a'), (3, 'c')]);
    }

    #[test]
    fn matches_the_standard_stable_sort() {
        let mut seed = 7u64;
        let mut items: Vec<(u8, usize)> = (0..500)
            .map(|i| {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                ((seed >> 59) as u8, i)
            })
            .collect();
        let mut expected = items.clone();
        expected.sort_by_key(|&(k, _)| k);
        by_key(&mut items, |&(k, _)| k);
        assert_eq!(items, expected);
    }
}
