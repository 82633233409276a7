//! Image tokens from pixel size. The size is read from the file's own header inside the base64 data (PNG, JPEG,
//! GIF, WebP), decoding only the bytes the header needs; the tokens follow the vision docs' rule, tokens ≈
//! width × height / 750, after the API scales the image down to its limits.

use crate::base64::Decoder;

/// Pixel width and height.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    pub width: u32,
    pub height: u32,
}

/// How far into a JPEG the size may be looked for: the SOF segment follows APPn segments (EXIF with an embedded
/// thumbnail, ICC profiles), which rarely pass a few hundred KB.
const JPEG_SCAN_LIMIT: usize = 4 * 1024 * 1024;

/// The size in the header of base64 image data, when it is a PNG, JPEG, GIF or WebP the reader understands.
pub fn size_from_base64(data: &str) -> Option<Size> {
    let mut bytes = Decoder::new(data);
    let head: Vec<u8> = bytes.by_ref().take(30).collect();
    if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        return png(&head);
    }
    if head.starts_with(b"GIF87a") || head.starts_with(b"GIF89a") {
        return gif(&head);
    }
    if head.starts_with(b"RIFF") && head.get(8..12) == Some(b"WEBP") {
        return webp(&head);
    }
    if head.starts_with(b"\xff\xd8") {
        return jpeg(head.into_iter().chain(bytes).take(JPEG_SCAN_LIMIT));
    }
    None
}

fn be16(b: &[u8]) -> u32 {
    u32::from(b[0]) << 8 | u32::from(b[1])
}

fn le16(b: &[u8]) -> u32 {
    u32::from(b[0]) | u32::from(b[1]) << 8
}

fn le24(b: &[u8]) -> u32 {
    u32::from(b[0]) | u32::from(b[1]) << 8 | u32::from(b[2]) << 16
}

fn nonzero(width: u32, height: u32) -> Option<Size> {
    (width > 0 && height > 0).then_some(Size { width, height })
}

/// The IHDR chunk comes first: width and height at bytes 16..24, big-endian.
fn png(head: &[u8]) -> Option<Size> {
    if head.get(12..16) != Some(b"IHDR") {
        return None;
    }
    let b = head.get(16..24)?;
    let word = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    nonzero(word(&b[..4]), word(&b[4..]))
}

/// The logical screen size at bytes 6..10, little-endian.
fn gif(head: &[u8]) -> Option<Size> {
    let b = head.get(6..10)?;
    nonzero(le16(&b[..2]), le16(&b[2..]))
}

/// The first chunk after `WEBP` says which of the three encodings it is, and each stores the size its own way.
fn webp(head: &[u8]) -> Option<Size> {
    let chunk = head.get(12..16)?;
    let data = head.get(20..30)?;
    match chunk {
        // Lossy: a 3-byte frame tag, the start code 9d 01 2a, then 14-bit width and height.
        b"VP8 " if data[3..6] == [0x9d, 0x01, 0x2a] => {
            nonzero(le16(&data[6..8]) & 0x3fff, le16(&data[8..10]) & 0x3fff)
        }
        // Lossless: the signature 0x2f, then width − 1 and height − 1 in 14 bits each.
        b"VP8L" if data[0] == 0x2f => {
            let bits = u32::from_le_bytes([data[1], data[2], data[3], data[4]]);
            nonzero((bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1)
        }
        // Extended: 4 bytes of flags, then canvas width − 1 and height − 1 in 24 bits each.
        b"VP8X" => nonzero(le24(&data[4..7]) + 1, le24(&data[7..10]) + 1),
        _ => None,
    }
}

/// Walks the segments to the first start-of-frame marker, which holds height then width.
fn jpeg(mut bytes: impl Iterator<Item = u8>) -> Option<Size> {
    let mut next = || bytes.next();
    if (next()?, next()?) != (0xff, 0xd8) {
        return None;
    }
    loop {
        // Markers are 0xff followed by a code; extra 0xff bytes are fill.
        if next()? != 0xff {
            return None;
        }
        let mut code = next()?;
        while code == 0xff {
            code = next()?;
        }
        match code {
            // Standalone markers carry no length.
            0x01 | 0xd0..=0xd7 => continue,
            0xd9 | 0xda => return None,
            _ => {}
        }
        let length = be16(&[next()?, next()?]);
        if length < 2 {
            return None;
        }
        let is_frame = matches!(code, 0xc0..=0xc3 | 0xc5..=0xc7 | 0xc9..=0xcb | 0xcd..=0xcf);
        if is_frame {
            let _precision = next()?;
            let height = be16(&[next()?, next()?]);
            let width = be16(&[next()?, next()?]);
            return nonzero(width, height);
        }
        for _ in 2..length {
            next()?;
        }
    }
}

/// The API's resize limits for a model generation: the long edge, and the pixel count (the docs give it as
/// "~1.15 megapixels" and "~1,600 tokens" for Claude up to 4.6; Opus 4.7 and later read up to 2576 px on the long
/// edge, about 4,784 tokens).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    pub long_edge: f64,
    pub max_pixels: f64,
}

pub const LIMITS_CLASSIC: Limits = Limits {
    long_edge: 1568.0,
    max_pixels: 1_150_000.0,
};

pub const LIMITS_HIGH_RES: Limits = Limits {
    long_edge: 2576.0,
    max_pixels: 4784.0 * PIXELS_PER_TOKEN,
};

/// The vision docs' rule: tokens = width × height / 750.
pub const PIXELS_PER_TOKEN: f64 = 750.0;

/// Tokens for an image of `size`: (low, estimate, high). The estimate is the docs' rule after scaling down to
/// `limits` (aspect ratio kept); the high end pads each side up to a multiple of 28 px, as the model's patches do;
/// the low end allows 10 % less for rounding in the API's resize.
pub fn tokens(size: Size, limits: Limits) -> (u64, u64, u64) {
    let (w, h) = (f64::from(size.width), f64::from(size.height));
    let scale = 1f64
        .min(limits.long_edge / w.max(h))
        .min((limits.max_pixels / (w * h)).sqrt());
    let (w, h) = (w * scale, h * scale);
    let estimate = (w * h / PIXELS_PER_TOKEN).ceil().max(1.0);
    let pad = |x: f64| (x / 28.0).ceil() * 28.0;
    let high = (pad(w) * pad(h) / PIXELS_PER_TOKEN).ceil();
    let low = (estimate * 0.9).floor().max(1.0);
    (low as u64, estimate as u64, high as u64)
}

/// An image whose size cannot be read (a URL, a file id, an unknown format): anywhere from tiny to the largest
/// the model reads.
pub fn unknown_tokens(limits: Limits) -> (u64, u64, u64) {
    let most = (limits.max_pixels / PIXELS_PER_TOKEN).ceil() as u64;
    (1, most * 3 / 4, most + most / 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_docs_examples_hold() {
        // The vision docs' table: 1092×1092 is about 1,590 tokens; 200×200 about 54.
        let (_, est, _) = tokens(
            Size {
                width: 200,
                height: 200,
            },
            LIMITS_CLASSIC,
        );
        assert_eq!(est, 54);
        let (low, est, high) = tokens(
            Size {
                width: 1092,
                height: 1092,
            },
            LIMITS_CLASSIC,
        );
        assert!((1500..=1600).contains(&est), "{est}");
        assert!(low <= est && est <= high);
        // A 4000×3000 photo is scaled to ~1.15 MP: about 1,533 tokens, never 16,000.
        let (_, est, _) = tokens(
            Size {
                width: 4000,
                height: 3000,
            },
            LIMITS_CLASSIC,
        );
        assert_eq!(est, 1534);
        let (_, est, _) = tokens(
            Size {
                width: 4000,
                height: 3000,
            },
            LIMITS_HIGH_RES,
        );
        assert!((4700..=4790).contains(&est), "{est}");
    }

    #[test]
    fn unreadable_data_has_no_size() {
        assert_eq!(size_from_base64(""), None);
        assert_eq!(size_from_base64("AAAAAAAA"), None);
        // A PNG signature with nothing after it.
        assert_eq!(size_from_base64("iVBORw0KGgo="), None);
        // A JPEG that ends before any frame.
        assert_eq!(size_from_base64("/9j/4AAQ"), None);
    }
}
