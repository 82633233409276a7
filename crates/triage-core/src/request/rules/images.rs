//! Image blocks: source, media type, base64 sanity, size, and whether the bytes match the declared format.

use super::Tally;
use crate::json::borrowed::Node;
use crate::json::Path;
use crate::request::catalogue as cat;
use crate::request::checker::Checker;
use crate::request::diagnostic::Code;

/// The API's per-image limit, on the decoded bytes.
const MAX_IMAGE_BYTES: usize = 5 * 1024 * 1024;

pub fn image(node: &Node, path: &Path, c: &mut Checker, tally: &mut Tally) {
    tally.images.push((path.to_pointer(), node.span()));
    let Some((source, at, kind)) = super::typed_source(node, path, c, cat::IMAGE_SOURCE_TYPES, "image")
    else {
        return;
    };
    match kind {
        "base64" => base64(source, &at, c),
        "url" => {
            c.require(source, &at, "url");
        }
        _ => {
            c.require(source, &at, "file_id");
        }
    }
}

fn base64(source: &Node, path: &Path, c: &mut Checker) {
    let media_type = c.require(source, path, "media_type");
    let declared = media_type.and_then(Node::as_str);
    let declared = declared.as_deref();
    if let (Some(node), Some(declared)) = (media_type, declared) {
        if !cat::IMAGE_MEDIA_TYPES.contains(&declared) {
            c.error(
                Code::InvalidImageMediaType,
                &path.key("media_type"),
                node.span(),
                format!("\"{declared}\" is not an image type the API accepts."),
                "Use image/jpeg, image/png, image/gif or image/webp (convert the image first if needed).",
            );
        }
    }
    let Some(data_node) = c.require(source, path, "data") else {
        return;
    };
    // Decoded only when it has escapes (some encoders write `\/`): one image at a time.
    let Some(data) = data_node.as_str() else {
        return;
    };
    let data = data.as_ref();
    let at = path.key("data");
    if data.starts_with("data:") {
        c.error(
            Code::InvalidImageData,
            &at,
            data_node.span(),
            "`data` is a data URL; the API wants the bare base64 text.".to_string(),
            "Remove the \"data:image/…;base64,\" prefix and put the type in `media_type`.",
        );
        return;
    }
    if let Some((offset, ch)) = data.char_indices().find(|&(_, ch)| !is_base64(ch)) {
        c.error(
            Code::InvalidImageData,
            &at,
            data_node.span(),
            format!("`data` is not base64: {} at byte {offset}.", shown(ch)),
            "Encode the file with standard base64 (A–Z, a–z, 0–9, '+', '/', '=' padding), not URL-safe base64.",
        );
        return;
    }
    let decoded = decoded_len(data);
    if decoded > MAX_IMAGE_BYTES {
        c.error(
            Code::ImageTooLarge,
            &at,
            data_node.span(),
            format!("This image is {decoded} bytes; the API accepts at most 5 MB per image."),
            "Downscale or recompress it (the model sees at most about 1568 px on the long side anyway).",
        );
    }
    let actual = sniff(data);
    if let (Some(actual), Some(declared)) = (actual, declared) {
        if cat::IMAGE_MEDIA_TYPES.contains(&declared) && actual != declared {
            c.error(
                Code::ImageMediaTypeMismatch,
                &path.key("media_type"),
                media_type.map_or(data_node.span(), |n| n.span()),
                format!("`media_type` says {declared}, but the data is {actual}."),
                format!("Set media_type to \"{actual}\"."),
            );
        }
    }
}

fn is_base64(ch: char) -> bool {
    ch.is_ascii_alphanumeric() || matches!(ch, '+' | '/' | '=' | '\n' | '\r' | ' ')
}

/// Decoded size from the encoded length, without decoding.
fn decoded_len(data: &str) -> usize {
    let symbols = data
        .bytes()
        .filter(|b| !b.is_ascii_whitespace() && *b != b'=')
        .count();
    symbols * 3 / 4
}

/// The image format of the first bytes, when they carry a known signature.
fn sniff(data: &str) -> Option<&'static str> {
    let head = crate::base64::decode_prefix(data, 12);
    const SIGNATURES: &[(&[u8], usize, &str)] = &[
        (b"\x89PNG\r\n\x1a\n", 0, "image/png"),
        (b"\xff\xd8\xff", 0, "image/jpeg"),
        (b"GIF87a", 0, "image/gif"),
        (b"GIF89a", 0, "image/gif"),
        (b"WEBP", 8, "image/webp"),
        (b"BM", 0, "image/bmp"),
        (b"II*\x00", 0, "image/tiff"),
        (b"MM\x00*", 0, "image/tiff"),
    ];
    SIGNATURES
        .iter()
        .find(|(magic, at, _)| head.get(*at..*at + magic.len()) == Some(*magic))
        .map(|&(_, _, name)| name)
}

/// A character as a person can read it in a message: `'-'` when printable ASCII, `U+00A0` otherwise (a space
/// or control character would be invisible). Written out rather than `{:?}`, whose Unicode tables cost wasm.
fn shown(ch: char) -> String {
    if ch.is_ascii_graphic() {
        return format!("'{ch}'");
    }
    let mut hex = String::new();
    let mut n = u32::from(ch);
    for _ in 0..4.max(((32 - n.leading_zeros()) as usize).div_ceil(4)) {
        hex.insert(0, char::from(b"0123456789ABCDEF"[(n & 0xf) as usize]));
        n >>= 4;
    }
    format!("U+{hex}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_are_shown_readably() {
        assert_eq!(shown('-'), "'-'");
        assert_eq!(shown(' '), "U+0020");
        assert_eq!(shown('\u{a0}'), "U+00A0");
        assert_eq!(shown('🦀'), "U+1F980");
    }

    #[test]
    fn recognises_formats_from_base64() {
        assert_eq!(sniff("iVBORw0KGgo="), Some("image/png"));
        assert_eq!(sniff("/9j/4AAQSkZJRg=="), Some("image/jpeg"));
        assert_eq!(sniff("R0lGODlhAQABAAAAACw="), Some("image/gif"));
        assert_eq!(sniff("UklGRiQAAABXRUJQVlA4"), Some("image/webp"));
        assert_eq!(sniff("Qk0="), Some("image/bmp"));
        assert_eq!(sniff("AAAA"), None);
        assert_eq!(sniff(""), None);
    }

    #[test]
    fn sizes_without_decoding() {
        assert_eq!(decoded_len("iVBORw0KGgo="), 8);
        assert_eq!(decoded_len("QUJD"), 3);
    }
}
