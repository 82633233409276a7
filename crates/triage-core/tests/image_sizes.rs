//! The image-size reader on real small files (tests/fixtures/images, made with ImageMagick and cwebp; each file's
//! name says its size): PNG, baseline and progressive JPEG, GIF, and the three WebP encodings (lossy VP8,
//! lossless VP8L, extended VP8X with alpha). And what the estimate makes of them.

use triage_core::estimate::image::{size_from_base64, Size};
use triage_core::estimate::{estimate, EstimateOptions, PartKind};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/images");

fn base64(bytes: &[u8]) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            out.push(if i <= chunk.len() {
                char::from(A[(n >> (18 - 6 * i) & 63) as usize])
            } else {
                '='
            });
        }
    }
    out
}

/// (file, width, height, media type)
const FILES: &[(&str, u32, u32, &str)] = &[
    ("w37h21.png", 37, 21, "image/png"),
    ("w64h40.jpg", 64, 40, "image/jpeg"),
    ("w70h35-progressive.jpg", 70, 35, "image/jpeg"),
    ("w20h33.gif", 20, 33, "image/gif"),
    ("w50h30.webp", 50, 30, "image/webp"),
    ("w45h17-lossless.webp", 45, 17, "image/webp"),
    ("w29h61-alpha.webp", 29, 61, "image/webp"),
];

fn data(file: &str) -> String {
    base64(&std::fs::read(format!("{FIXTURES}/{file}")).expect("fixture"))
}

#[test]
fn reads_the_size_of_every_format() {
    for &(file, width, height, _) in FILES {
        assert_eq!(
            size_from_base64(&data(file)),
            Some(Size { width, height }),
            "{file}"
        );
    }
}

#[test]
fn truncated_files_have_no_size_and_no_panic() {
    for &(file, ..) in FILES {
        let full = data(file);
        for cut in [0, 4, 8, 16, 24, 32, 40] {
            let _ = size_from_base64(&full[..cut.min(full.len())]);
        }
    }
}

#[test]
fn the_estimate_counts_images_by_pixels() {
    for &(file, width, height, media_type) in FILES {
        let body = format!(
            r#"{{"model": "claude-sonnet-4-5", "max_tokens": 16, "messages": [{{"role": "user", "content": [
                {{"type": "image", "source": {{"type": "base64", "media_type": "{media_type}", "data": "{}"}}}}]}}]}}"#,
            data(file)
        );
        let e = estimate(&body, &EstimateOptions::default()).expect("estimates");
        let images = e
            .parts
            .iter()
            .find(|p| p.kind == PartKind::Images)
            .expect("an image part");
        let rule = (f64::from(width * height) / 750.0).ceil() as u64;
        assert_eq!(images.tokens.estimate, rule.max(1), "{file}");
        assert!(e.notes.is_empty(), "{file}: {:?}", e.notes);
    }
}
