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
        let mut p = Pointer(s);
        p.push_key(key);
        p
    }

    fn push_key(&mut self, key: &str) {
        let s = &mut self.0;
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
    }

    pub fn index(&self, index: usize) -> Self {
        let mut p = Pointer(String::with_capacity(self.0.len() + 8));
        p.0.push_str(&self.0);
        p.push_index(index);
        p
    }

    fn push_index(&mut self, index: usize) {
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
        self.0.push('/');
        for &d in &digits[at..] {
            self.0.push(char::from(d));
        }
    }

    pub fn into_string(self) -> String {
        self.0
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

/// A pointer not written out yet: segments chained on the stack, written into a [`Pointer`] only when a
/// diagnostic names it. The validator has a path for every value it checks and reports a few: building a
/// `Pointer` (an allocation) for each was about a fifth of the instructions on the 10 MB transcript (issue 26).
#[derive(Debug, Clone, Copy)]
pub struct Path<'p> {
    parent: Option<&'p Path<'p>>,
    segment: Segment<'p>,
}

#[derive(Debug, Clone, Copy)]
enum Segment<'p> {
    Root,
    /// A pointer already written out, the start of this path.
    Written(&'p Pointer),
    Key(&'p str),
    Index(usize),
}

static ROOT: Path<'static> = Path {
    parent: None,
    segment: Segment::Root,
};

impl<'p> Path<'p> {
    /// The document root; a reference, so that `Path::root().key(…)` borrows no temporary.
    pub fn root() -> &'static Path<'static> {
        &ROOT
    }

    /// A path that starts as `pointer`.
    pub fn of(pointer: &'p Pointer) -> Self {
        Path {
            parent: None,
            segment: Segment::Written(pointer),
        }
    }

    pub fn key(&'p self, key: &'p str) -> Path<'p> {
        Path {
            parent: Some(self),
            segment: Segment::Key(key),
        }
    }

    pub fn index(&'p self, index: usize) -> Path<'p> {
        Path {
            parent: Some(self),
            segment: Segment::Index(index),
        }
    }

    /// The path written out, as [`Pointer::key`] and [`Pointer::index`] would.
    pub fn to_pointer(&self) -> Pointer {
        let mut pointer = Pointer::root();
        self.write(&mut pointer);
        pointer
    }

    /// Recursion as deep as the rules' paths, which follow the request's fixed shape, not the input's depth.
    fn write(&self, out: &mut Pointer) {
        if let Some(parent) = self.parent {
            parent.write(out);
        }
        match self.segment {
            Segment::Root => {}
            Segment::Written(p) => out.0.push_str(&p.0),
            Segment::Key(key) => out.push_key(key),
            Segment::Index(index) => out.push_index(index),
        }
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

    #[test]
    fn paths_write_out_as_pointers() {
        let start = Pointer::root().key("messages");
        let from = Path::of(&start);
        let message = from.index(12);
        let p = message.key("a/b~").index(0).to_pointer();
        assert_eq!(p, Pointer::root().key("messages").index(12).key("a/b~").index(0));
        assert_eq!(Path::root().to_pointer(), Pointer::root());
        assert_eq!(
            Path::root().index(usize::MAX).to_pointer(),
            Pointer::root().index(usize::MAX)
        );
    }
}
