//! Results as JSON text, which JavaScript turns into objects with one `JSON.parse`.
//!
//! Why not serde-wasm-bindgen's serializer: it builds objects with a JavaScript call per value, and that glue,
//! inlined into every result type's serializer, weighed several times this writer. `None` fields are left out,
//! so JavaScript sees `undefined` for them as the declared types say. Numbers that are not whole are written by
//! JavaScript itself, which keeps float formatting out of the wasm.

use serde::ser::{self, Serialize};
use std::fmt;

/// Only reachable through a type the core never serialises (bytes, a variant with data); the message says which.
#[derive(Debug)]
pub struct Error(&'static str);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Error("a value could not be written as JSON")
    }
}

/// `value` as compact JSON text, `None` struct fields omitted.
pub fn to_json<T: Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    let mut writer = Writer {
        out: String::new(),
        wrote_none: false,
    };
    value.serialize(&mut writer)?;
    Ok(writer.out)
}

struct Writer {
    out: String,
    /// Set by `serialize_none`, so a struct field can take its `"key":null` back out.
    wrote_none: bool,
}

impl Writer {
    fn string(&mut self, text: &str) {
        self.out.push('"');
        let mut rest = text;
        while let Some(at) = rest.find(|c: char| c == '"' || c == '\\' || c < ' ') {
            self.out.push_str(rest.get(..at).unwrap_or_default());
            let byte = rest.as_bytes()[at];
            match byte {
                b'"' => self.out.push_str("\\\""),
                b'\\' => self.out.push_str("\\\\"),
                b'\n' => self.out.push_str("\\n"),
                _ => {
                    self.out.push_str("\\u00");
                    self.out.push(hex_digit(byte >> 4));
                    self.out.push(hex_digit(byte & 0xf));
                }
            }
            // The character found is ASCII, one byte long.
            rest = rest.get(at + 1..).unwrap_or_default();
        }
        self.out.push_str(rest);
        self.out.push('"');
    }

    fn unsigned(&mut self, mut n: u64) {
        let mut digits = [0u8; 20];
        let mut at = digits.len();
        loop {
            at -= 1;
            digits[at] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        for &d in &digits[at..] {
            self.out.push(char::from(d));
        }
    }

    fn signed(&mut self, n: i64) {
        if n < 0 {
            self.out.push('-');
        }
        self.unsigned(n.unsigned_abs());
    }

    fn compound(&mut self, open: char, close: char) -> Compound<'_> {
        self.out.push(open);
        Compound {
            writer: self,
            first: true,
            close,
        }
    }
}

fn hex_digit(n: u8) -> char {
    char::from(b"0123456789abcdef"[usize::from(n & 0xf)])
}

/// JavaScript's own number formatting (`JSON.stringify`), so `0.1` reads back as `0.1`; NaN and infinities
/// become `null`, as in any JSON.
fn float_text(n: f64) -> String {
    js_sys::JSON::stringify(&n.into())
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| "null".to_string())
}

type Result<T = (), E = Error> = std::result::Result<T, E>;

impl<'a> ser::Serializer for &'a mut Writer {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = ser::Impossible<(), Error>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = ser::Impossible<(), Error>;

    fn serialize_bool(self, v: bool) -> Result {
        self.out.push_str(if v { "true" } else { "false" });
        Ok(())
    }

    fn serialize_i8(self, v: i8) -> Result {
        self.serialize_i64(v.into())
    }

    fn serialize_i16(self, v: i16) -> Result {
        self.serialize_i64(v.into())
    }

    fn serialize_i32(self, v: i32) -> Result {
        self.serialize_i64(v.into())
    }

    fn serialize_i64(self, v: i64) -> Result {
        self.signed(v);
        Ok(())
    }

    fn serialize_u8(self, v: u8) -> Result {
        self.serialize_u64(v.into())
    }

    fn serialize_u16(self, v: u16) -> Result {
        self.serialize_u64(v.into())
    }

    fn serialize_u32(self, v: u32) -> Result {
        self.serialize_u64(v.into())
    }

    fn serialize_u64(self, v: u64) -> Result {
        self.unsigned(v);
        Ok(())
    }

    fn serialize_f32(self, v: f32) -> Result {
        self.serialize_f64(v.into())
    }

    fn serialize_f64(self, v: f64) -> Result {
        // Whole numbers (most of them: budgets, rates of 1) need no JavaScript call.
        if v.fract() == 0.0 && v.abs() < 9_007_199_254_740_992.0 {
            self.signed(v as i64);
        } else {
            self.out.push_str(&float_text(v));
        }
        Ok(())
    }

    fn serialize_char(self, v: char) -> Result {
        self.string(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }

    fn serialize_str(self, v: &str) -> Result {
        self.string(v);
        Ok(())
    }

    fn serialize_bytes(self, _: &[u8]) -> Result {
        Err(Error("bytes have no JSON form"))
    }

    fn serialize_none(self) -> Result {
        self.out.push_str("null");
        self.wrote_none = true;
        Ok(())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result {
        self.out.push_str("null");
        Ok(())
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result {
        self.serialize_unit()
    }

    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result {
        self.string(variant);
        Ok(())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result {
        Err(Error("enum variants with data have no JSON form here"))
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'a>> {
        Ok(self.compound('[', ']'))
    }

    fn serialize_tuple(self, _: usize) -> Result<Compound<'a>> {
        Ok(self.compound('[', ']'))
    }

    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Compound<'a>> {
        Ok(self.compound('[', ']'))
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Err(Error("enum variants with data have no JSON form here"))
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'a>> {
        Ok(self.compound('{', '}'))
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Compound<'a>> {
        Ok(self.compound('{', '}'))
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant> {
        Err(Error("enum variants with data have no JSON form here"))
    }
}

/// An array or object being written.
pub struct Compound<'a> {
    writer: &'a mut Writer,
    first: bool,
    close: char,
}

impl Compound<'_> {
    fn separator(&mut self) {
        if !self.first {
            self.writer.out.push(',');
        }
        self.first = false;
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.separator();
        value.serialize(&mut *self.writer)?;
        self.writer.wrote_none = false;
        Ok(())
    }

    fn end(self) -> Result {
        self.writer.out.push(self.close);
        Ok(())
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.element(value)
    }

    fn end(self) -> Result {
        Compound::end(self)
    }
}

impl ser::SerializeTuple for Compound<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.element(value)
    }

    fn end(self) -> Result {
        Compound::end(self)
    }
}

impl ser::SerializeTupleStruct for Compound<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.element(value)
    }

    fn end(self) -> Result {
        Compound::end(self)
    }
}

/// Map keys are the core's `String`s, written as JSON strings by the same writer.
impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result {
        self.element(key)
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.writer.out.push(':');
        value.serialize(&mut *self.writer)?;
        self.writer.wrote_none = false;
        Ok(())
    }

    fn end(self) -> Result {
        Compound::end(self)
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result {
        let mark = self.writer.out.len();
        let first = self.first;
        self.separator();
        self.writer.string(key);
        self.writer.out.push(':');
        value.serialize(&mut *self.writer)?;
        if self.writer.wrote_none {
            self.writer.out.truncate(mark);
            self.first = first;
            self.writer.wrote_none = false;
        }
        Ok(())
    }

    fn end(self) -> Result {
        Compound::end(self)
    }
}
