use std::fmt;

/// An RFC 6901 JSON pointer built segment by segment (`/messages/3/content/0`); `""` is the document root.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pointer(String);

impl Pointer {
    pub fn root() -> Self {
        Pointer(String::new())
    }

    /// A child pointer for an object key; `~` and `/` are escaped as the RFC requires.
    ///
    /// The validator names the path of every value it checks, so this runs once per value: it copies whole
    /// runs rather than pushing characters, and writes indices without `format!` (issue 26).
    pub fn key(&self, key: &str) -> Self {
        let mut s = String::with_capacity(self.0.len() + key.len() + 1);
        s.push_str(&self.0);
        s.push('/');
        // Bytes, not chars: '~' and '/' are ASCII, and a char searcher is slow in the size-optimised wasm.
        let mut run = 0;
        for (i, &b) in key.as_bytes().iter().enumerate() {
            if b == b'~' || b == b'/' {
                s.push_str(key.get(run..i).unwrap_or_default());
                s.push_str(if b == b'~' { "~0" } else { "~1" });
                run = i + 1;
            }
        }
        s.push_str(key.get(run..).unwrap_or_default());
        Pointer(s)
    }

    pub fn index(&self, index: usize) -> Self {
        let mut digits = [0u8; 20];
        let mut at = digits.len();
        let mut n = index;
        loop {
            at -= 1;
            digits[at] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        let mut s = String::with_capacity(self.0.len() + 1 + digits.len() - at);
        s.push_str(&self.0);
        s.push('/');
        s.push_str(std::str::from_utf8(&digits[at..]).unwrap_or_default());
        Pointer(s)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indices_and_escapes_at_the_edges() {
        let p = Pointer::root().index(0).index(usize::MAX).key("~/~").key("");
        assert_eq!(p.as_str(), format!("/0/{}/~0~1~0/", usize::MAX));
    }

    #[test]
    fn escapes_tilde_and_slash() {
        let p = Pointer::root().key("a/b").key("c~d").index(3);
        assert_eq!(p.as_str(), "/a~1b/c~0d/3");
        assert_eq!(Pointer::root().as_str(), "");
    }
}
