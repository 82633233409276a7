//! "Did you mean": the nearest known name by edit distance.

/// Names longer than this are not compared: nobody mistypes a 100-character key, and it keeps the work bounded.
const MAX_LEN: usize = 64;

/// The candidate closest to `name`, if it is close enough to be a plausible typo.
pub fn nearest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    if name.is_empty() || name.len() > MAX_LEN {
        return None;
    }
    let lower = name.to_ascii_lowercase();
    let threshold = (name.chars().count() / 3).clamp(1, 3);
    candidates
        .into_iter()
        .filter(|c| c.len() <= MAX_LEN)
        .map(|c| (distance(&lower, &c.to_ascii_lowercase()), c))
        .filter(|&(d, _)| d <= threshold)
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// Levenshtein distance over characters, counting a swap of two neighbours as one edit (a common typo).
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Three rolling rows: two back for transpositions.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur: Vec<usize> = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(before[j - 2] + 1);
            }
            cur[j] = d;
        }
        std::mem::swap(&mut before, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_typos_not_strangers() {
        let keys = ["max_tokens", "messages", "model", "temperature", "top_p"];
        assert_eq!(nearest("max_token", keys), Some("max_tokens"));
        assert_eq!(nearest("maxtokens", keys), Some("max_tokens"));
        assert_eq!(nearest("temprature", keys), Some("temperature"));
        assert_eq!(nearest("mesages", keys), Some("messages"));
        assert_eq!(nearest("Model", keys), Some("model"));
        assert_eq!(nearest("top_q", keys), Some("top_p"));
        assert_eq!(nearest("frequency_penalty", keys), None);
        assert_eq!(nearest("", keys), None);
    }

    #[test]
    fn transposition_is_one_edit() {
        assert_eq!(distance("modle", "model"), 1);
        assert_eq!(distance("abc", "abc"), 0);
        assert_eq!(distance("", "abc"), 3);
    }
}
