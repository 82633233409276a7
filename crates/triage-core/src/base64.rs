//! A lazy standard-base64 decoder: bytes come out one at a time, so a reader that needs only a file's header
//! (an image's size, a PDF's page markers) decodes only as far as it reads. Whitespace is skipped (the API
//! rejects it, but the validator says so; a size estimate should not fail on it) and decoding stops at the first
//! `=` or at any character outside the alphabet.

/// The decoded bytes of base64 `text`, produced as they are read.
#[derive(Debug, Clone)]
pub struct Decoder<'a> {
    text: std::slice::Iter<'a, u8>,
    acc: u32,
    bits: u32,
    done: bool,
}

impl<'a> Decoder<'a> {
    pub fn new(text: &'a str) -> Self {
        Decoder {
            text: text.as_bytes().iter(),
            acc: 0,
            bits: 0,
            done: false,
        }
    }
}

impl Iterator for Decoder<'_> {
    type Item = u8;

    fn next(&mut self) -> Option<u8> {
        while !self.done {
            let Some(&b) = self.text.next() else {
                self.done = true;
                break;
            };
            let v = match b {
                b'A'..=b'Z' => b - b'A',
                b'a'..=b'z' => b - b'a' + 26,
                b'0'..=b'9' => b - b'0' + 52,
                b'+' => 62,
                b'/' => 63,
                b' ' | b'\n' | b'\r' | b'\t' => continue,
                _ => {
                    self.done = true;
                    break;
                }
            };
            self.acc = (self.acc << 6) | u32::from(v);
            self.bits += 6;
            if self.bits >= 8 {
                self.bits -= 8;
                let byte = (self.acc >> self.bits) as u8;
                self.acc &= (1 << self.bits) - 1;
                return Some(byte);
            }
        }
        None
    }
}

/// Up to `n` bytes from the start of base64 text.
pub fn decode_prefix(text: &str, n: usize) -> Vec<u8> {
    Decoder::new(text).take(n).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_lazily_and_tolerantly() {
        assert_eq!(decode_prefix("QUJD", 10), b"ABC");
        assert_eq!(decode_prefix("QUJDRA==", 10), b"ABCD");
        assert_eq!(decode_prefix("QU\nJD", 2), b"AB");
        assert_eq!(decode_prefix("QUJD!!!!", 10), b"ABC");
        assert_eq!(decode_prefix("", 4), b"");
        assert_eq!(Decoder::new("aGVsbG8gd29ybGQ=").count(), 11);
    }
}
