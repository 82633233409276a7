//! PDF pages, where counting them is cheap: each page object carries `/Type /Page` (the page tree's nodes say
//! `/Pages`). A PDF whose objects sit in compressed object streams hides them; then the page count is unknown and
//! the estimate falls back to the file's size.

use crate::base64::Decoder;

/// Page objects in base64 PDF data, or `None` when none is visible (compressed object streams, not a PDF).
pub fn pages_from_base64(data: &str) -> Option<u64> {
    let mut bytes = Decoder::new(data);
    let head: Vec<u8> = bytes.by_ref().take(5).collect();
    if head != b"%PDF-" {
        return None;
    }
    let pages = count_page_objects(bytes);
    (pages > 0).then_some(pages)
}

/// Counts `/Type /Page` (any whitespace, or none, between the two names) not followed by `s`, in one pass over the
/// bytes with a window as long as the pattern.
fn count_page_objects(bytes: impl Iterator<Item = u8>) -> u64 {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        /// Matched this many bytes of `/Type`.
        Type(usize),
        /// After `/Type`, in optional whitespace.
        Gap,
        /// Matched this many bytes of `/Page`.
        Page(usize),
        /// Matched `/Page`: the next byte decides `/Page` or `/Pages`.
        End,
    }
    const TYPE: &[u8] = b"/Type";
    const PAGE: &[u8] = b"/Page";
    let mut count = 0u64;
    let mut state = State::Type(0);
    for b in bytes {
        state = match state {
            State::End => {
                if !b.is_ascii_alphanumeric() {
                    count += 1;
                }
                if b == b'/' {
                    State::Type(1)
                } else {
                    State::Type(0)
                }
            }
            State::Type(n) if b == TYPE[n] => {
                if n + 1 == TYPE.len() {
                    State::Gap
                } else {
                    State::Type(n + 1)
                }
            }
            State::Gap if b.is_ascii_whitespace() => State::Gap,
            State::Gap | State::Page(_) => {
                let n = match state {
                    State::Page(n) => n,
                    _ => 0,
                };
                if b == PAGE[n] {
                    if n + 1 == PAGE.len() {
                        State::End
                    } else {
                        State::Page(n + 1)
                    }
                } else if b == b'/' {
                    State::Type(1)
                } else {
                    State::Type(0)
                }
            }
            State::Type(_) => State::Type(usize::from(b == b'/')),
        };
    }
    if state == State::End {
        count += 1;
    }
    count
}

/// Pages guessed from the decoded size when the page objects are hidden: about one page per 60 KB, at least one.
pub fn pages_from_size(base64_len: usize) -> u64 {
    ((base64_len as u64 * 3 / 4) / 60_000).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64(bytes: &[u8]) -> String {
        const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let n = chunk
                .iter()
                .enumerate()
                .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
            for i in 0..=chunk.len() {
                out.push(char::from(A[(n >> (18 - 6 * i) & 63) as usize]));
            }
        }
        out
    }

    #[test]
    fn counts_page_objects_not_the_tree() {
        let pdf = b"%PDF-1.4\n1 0 obj << /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >> endobj\n\
            2 0 obj << /Type /Page /Parent 1 0 R >> endobj\n3 0 obj <</Type/Page/Parent 1 0 R>> endobj\n%%EOF";
        assert_eq!(pages_from_base64(&b64(pdf)), Some(2));
        assert_eq!(pages_from_base64(&b64(b"%PDF-1.7 compressed")), None);
        assert_eq!(pages_from_base64(&b64(b"not a pdf /Type /Page")), None);
        assert_eq!(pages_from_size(10), 1);
    }
}
