//! One declaration per public enum, with each variant's JSON name written once. The same text becomes the
//! variant's `#[serde(rename)]`, so serde, the TypeScript types (tsify reads serde's attributes) and `as_str`
//! cannot disagree, and readers that take a name (wasm, CLI flags) look it up without a JSON round trip.

/// Declares an enum whose variants are written `Variant = "json_name"`, and generates:
/// - the enum, each variant with its attributes (doc comments, `#[default]`) and `#[serde(rename = ...)]`;
/// - `ALL`, every variant in declaration order;
/// - `as_str`, the JSON name; `from_name`, its inverse;
/// - `doc`, the variant's doc comment (one line per `///` line), so documentation such as CODES.md can be
///   generated from the source it describes.
///
/// The caller writes the derives (`Serialize` and `Deserialize` are needed for the renames to mean anything).
macro_rules! named_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $(
                $(#[$($attr:tt)*])*
                $variant:ident = $text:literal
            ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        $vis enum $name {
            $(
                $(#[$($attr)*])*
                #[serde(rename = $text)]
                $variant,
            )+
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: [$name; [$($text),+].len()] = [$($name::$variant),+];

            /// The name in JSON (and on the command line).
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }

            /// The variant whose JSON name is `name`.
            pub fn from_name(name: &str) -> Option<Self> {
                Self::ALL.into_iter().find(|v| v.as_str() == name)
            }

            /// The variant's doc comment, each `///` line followed by `\n` (empty without one).
            pub const fn doc(self) -> &'static str {
                match self {
                    $($name::$variant => concat!($($crate::names::doc_line!($($attr)*)),*),)+
                }
            }
        }
    };
}

/// One attribute's contribution to [`named_enum`]'s `doc`: a doc line's text, or nothing.
macro_rules! doc_line {
    (doc = $text:literal) => {
        concat!($text, "\n")
    };
    ($($other:tt)*) => {
        ""
    };
}

pub(crate) use doc_line;
pub(crate) use named_enum;
