//! The crate's one sort. Every element type given to the standard library's sorts gets its own copy of them
//! (about 3 KB of wasm each); sorting positions with one comparison signature keeps a single copy in the build.

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

/// The positions `0..len` ordered by `compare`, ties by position.
fn positions(len: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_unstable_by(|&a, &b| compare(a, b).then(a.cmp(&b)));
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
