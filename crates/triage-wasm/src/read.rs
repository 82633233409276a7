//! Reading arguments: `JSON.stringify` in JavaScript, the core's own JSON parser, and [`At`], a cursor that
//! knows the path to the value it reads so errors can name it (`budget.capacity: expected a number, got string`).
//!
//! Why not serde: derived `Deserialize` impls and a deserializer for them cost about a third of the package's
//! size, while the core already ships a JSON parser. The readers for the core's types are in [`crate::inputs`];
//! tests/api.rs checks that what the exports return reads back.

use std::fmt;
use triage_core::json::{self, Node, Value};

/// What went wrong, and where.
#[derive(Debug)]
pub struct Error {
    /// Keys and indices down to the value (`strategies[1]`), empty for the argument itself.
    path: String,
    message: String,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.path.is_empty() {
            f.write_str(&self.path)?;
            f.write_str(": ")?;
        }
        f.write_str(&self.message)
    }
}

pub type Result<T> = std::result::Result<T, Error>;

/// Parses JSON text (from `JSON.stringify`) and reads it with `read`.
pub fn from_json<T>(text: &str, read: impl FnOnce(&At) -> Result<T>) -> Result<T> {
    let node = json::parse(text).map_err(|e| Error {
        path: String::new(),
        message: e.to_string(),
    })?;
    read(&At {
        node: &node,
        step: Step::Root,
        parent: None,
    })
}

#[derive(Clone, Copy)]
enum Step<'a> {
    Root,
    Key(&'a str),
    Index(usize),
}

/// A value inside an argument, and how it was reached.
pub struct At<'a> {
    node: &'a Node,
    step: Step<'a>,
    parent: Option<&'a At<'a>>,
}

impl<'a> At<'a> {
    pub fn error(&self, message: impl Into<String>) -> Error {
        let mut steps = Vec::new();
        let mut at = Some(self);
        while let Some(here) = at {
            steps.push(here.step);
            at = here.parent;
        }
        let mut path = String::new();
        for step in steps.into_iter().rev() {
            match step {
                Step::Root => {}
                Step::Key(key) => {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(key);
                }
                Step::Index(i) => {
                    path.push('[');
                    path.push_str(&i.to_string());
                    path.push(']');
                }
            }
        }
        Error {
            path,
            message: message.into(),
        }
    }

    fn expected(&self, what: &str) -> Error {
        self.error(format!("expected {what}, got {}", self.node.type_name()))
    }

    /// The member `key`, when the object has it and it is not `null` (JavaScript's `undefined` never gets
    /// this far: `JSON.stringify` leaves it out).
    pub fn get<'b>(&'b self, key: &'b str) -> Result<Option<At<'b>>> {
        let Value::Object(_) = &self.node.value else {
            return Err(self.expected("an object"));
        };
        Ok(self.node.get(key).filter(|n| !n.is_null()).map(|node| At {
            node,
            step: Step::Key(key),
            parent: Some(self),
        }))
    }

    /// The member `key`, which must be there.
    pub fn need<'b>(&'b self, key: &'b str) -> Result<At<'b>> {
        self.get(key)?
            .ok_or_else(|| self.error(format!("missing field `{key}`")))
    }

    /// Reads member `key` into `slot` when it is there; leaves the default otherwise.
    pub fn set<'b, T>(
        &'b self,
        key: &'b str,
        slot: &mut T,
        read: impl FnOnce(&At<'b>) -> Result<T>,
    ) -> Result<()> {
        if let Some(at) = self.get(key)? {
            *slot = read(&at)?;
        }
        Ok(())
    }

    /// Member `key` read with `read`, or `None` when it is not there.
    pub fn optional<'b, T>(
        &'b self,
        key: &'b str,
        read: impl FnOnce(&At<'b>) -> Result<T>,
    ) -> Result<Option<T>> {
        self.get(key)?.map(|at| read(&at)).transpose()
    }

    pub fn items(&self) -> Result<impl Iterator<Item = At<'_>>> {
        let Value::Array(items) = &self.node.value else {
            return Err(self.expected("an array"));
        };
        Ok(items.iter().enumerate().map(move |(i, node)| At {
            node,
            step: Step::Index(i),
            parent: Some(self),
        }))
    }

    /// An object's members as `(key, value)` pairs.
    pub fn members(&self) -> Result<impl Iterator<Item = (&'a str, At<'_>)>> {
        let Value::Object(members) = &self.node.value else {
            return Err(self.expected("an object"));
        };
        Ok(members.iter().map(move |m| {
            (
                m.key.as_str(),
                At {
                    node: &m.value,
                    step: Step::Key(&m.key),
                    parent: Some(self),
                },
            )
        }))
    }

    pub fn bool(&self) -> Result<bool> {
        self.node.as_bool().ok_or_else(|| self.expected("a boolean"))
    }

    pub fn f64(&self) -> Result<f64> {
        self.node.as_f64().ok_or_else(|| self.expected("a number"))
    }

    pub fn str(&self) -> Result<&'a str> {
        self.node.as_str().ok_or_else(|| self.expected("a string"))
    }

    pub fn string(&self) -> Result<String> {
        self.str().map(str::to_string)
    }

    /// A whole number in `[min, max]`; the message names the range.
    fn whole(&self, min: f64, max: f64, range: &str) -> Result<f64> {
        let n = self.f64()?;
        if n.fract() == 0.0 && (min..=max).contains(&n) {
            Ok(n)
        } else {
            Err(self.error(format!("expected a whole number in {range}")))
        }
    }

    pub fn u64(&self) -> Result<u64> {
        // 2^64 as f64 is exact: whole numbers below it fit.
        let n = self.whole(0.0, 18_446_744_073_709_549_568.0, "0..2^64")?;
        Ok(n as u64)
    }

    pub fn i64(&self) -> Result<i64> {
        let n = self.whole(
            -9_223_372_036_854_775_808.0,
            9_223_372_036_854_774_784.0,
            "-2^63..2^63",
        )?;
        Ok(n as i64)
    }

    pub fn u32(&self) -> Result<u32> {
        Ok(self.whole(0.0, 4_294_967_295.0, "0..=4294967295")? as u32)
    }

    pub fn u16(&self) -> Result<u16> {
        Ok(self.whole(0.0, 65_535.0, "0..=65535")? as u16)
    }

    /// A core enum given by its JSON name, looked up with the enum's `from_name`.
    pub fn named<T>(&self, from_name: fn(&str) -> Option<T>) -> Result<T> {
        let name = self.str()?;
        from_name(name).ok_or_else(|| self.error(format!("unknown value `{name}`")))
    }
}
