//! Images in the content store. An upload is decoded and drawn again by this server —
//! never stored as sent — so what is kept is pixels only: no metadata (EXIF, GPS,
//! comments), no trailing bytes, no second file hidden in the first (a polyglot). The
//! result is stored under the keccak256 of exactly its bytes, the hash documents on
//! chain name, with a thumbnail. `POST /media` stores, `GET /media/<hash>` and
//! `GET /media/<hash>/thumb` serve (see `lib.rs`).
//!
//! Re-encoding is deterministic: the same pixels always give the same bytes, and a PNG
//! this module wrote comes back unchanged (so a client, or the demo data, may compute
//! an image's hash before uploading it).

use alloy::primitives::keccak256;
use image::{
    DynamicImage, ImageFormat, ImageReader, Limits,
    codecs::{jpeg::JpegEncoder, png::PngEncoder},
    imageops::FilterType,
};
use sqlx::MySqlPool;
use std::io::Cursor;

/// The largest upload, in bytes.
pub const MAX_UPLOAD_BYTES: usize = 5 * 1024 * 1024;
/// The longest side kept; larger images are scaled down to it.
pub const MAX_SIDE: u32 = 2048;
/// The longest side of a thumbnail.
pub const THUMB_SIDE: u32 = 320;
/// The largest image decoded, per side (a small file can claim huge dimensions).
const MAX_DECODE_SIDE: u32 = 8192;
/// The most memory a decoder may take.
const MAX_DECODE_ALLOC: u64 = 256 * 1024 * 1024;
/// JPEG quality of re-encoded photos and of thumbnails.
const JPEG_QUALITY: u8 = 85;

/// Why an upload was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MediaError {
    /// Over [`MAX_UPLOAD_BYTES`].
    #[error("the image is {0} bytes; at most 5 MiB (5242880 bytes) are accepted")]
    TooLarge(usize),
    /// Not PNG, JPEG, GIF or WebP by its bytes.
    #[error("only PNG, JPEG, GIF and WebP images are accepted")]
    Unsupported,
    /// The declared `Content-Type` is not what the bytes are.
    #[error("the body is {actual}, not the {declared} its Content-Type says")]
    Mismatch {
        /// What the request said.
        declared: String,
        /// What the bytes are.
        actual: &'static str,
    },
    /// Markup or an archive inside the image: a file that is two files at once.
    #[error("the image carries {0} inside it; upload a plain picture")]
    Polyglot(&'static str),
    /// The bytes do not decode.
    #[error("the image could not be read: {0}")]
    BadImage(String),
}

impl MediaError {
    /// The stable error code clients branch on.
    pub fn code(&self) -> &'static str {
        match self {
            Self::TooLarge(_) => "PAYLOAD_TOO_LARGE",
            Self::Unsupported | Self::Mismatch { .. } => "UNSUPPORTED_MEDIA_TYPE",
            Self::Polyglot(_) | Self::BadImage(_) => "BAD_IMAGE",
        }
    }
}

/// An image as this server stores it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized {
    /// The re-encoded image.
    pub bytes: Vec<u8>,
    /// `image/png` or `image/jpeg`.
    pub content_type: &'static str,
    /// Pixels across.
    pub width: u32,
    /// Pixels down.
    pub height: u32,
    /// The thumbnail (longest side at most [`THUMB_SIDE`]).
    pub thumb: Vec<u8>,
    /// The thumbnail's type.
    pub thumb_type: &'static str,
}

impl Normalized {
    /// The keccak256 of [`Self::bytes`], 0x-prefixed lowercase hex.
    pub fn hash(&self) -> String {
        format!("{:#x}", keccak256(&self.bytes))
    }
}

fn mime_of(format: ImageFormat) -> Option<&'static str> {
    Some(match format {
        ImageFormat::Png => "image/png",
        ImageFormat::Jpeg => "image/jpeg",
        ImageFormat::Gif => "image/gif",
        ImageFormat::WebP => "image/webp",
        _ => return None,
    })
}

/// Markup no picture needs and that a browser or interpreter would run, searched
/// case-insensitively (an HTML page, a script, an SVG, PHP).
const FOREIGN: [(&[u8], &str); 6] = [
    (b"<script", "a script"),
    (b"<html", "an HTML page"),
    (b"<!doctype", "an HTML page"),
    (b"<svg", "an SVG document"),
    (b"<iframe", "an HTML page"),
    (b"<?php", "PHP code"),
];

fn contains(bytes: &[u8], needle: &[u8]) -> bool {
    bytes
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

fn foreign_content(bytes: &[u8]) -> Option<&'static str> {
    // A ZIP (JAR, Office) is readable from its end: its local header and its central
    // directory's end both present (either alone turns up in compressed pixels).
    if contains(bytes, b"PK\x03\x04") && contains(bytes, b"PK\x05\x06") {
        return Some("a ZIP archive");
    }
    FOREIGN
        .iter()
        .find_map(|(needle, what)| contains(bytes, needle).then_some(*what))
}

fn encode_png(img: &DynamicImage) -> Result<Vec<u8>, MediaError> {
    let mut out = Vec::new();
    img.write_with_encoder(PngEncoder::new(&mut out))
        .map_err(|e| MediaError::BadImage(e.to_string()))?;
    Ok(out)
}

fn encode_jpeg(img: &DynamicImage) -> Result<Vec<u8>, MediaError> {
    let mut out = Vec::new();
    DynamicImage::ImageRgb8(img.to_rgb8())
        .write_with_encoder(JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY))
        .map_err(|e| MediaError::BadImage(e.to_string()))?;
    Ok(out)
}

/// Only the colour types PNG keeps as they are; anything else (16-bit, float) becomes
/// 8-bit RGB(A).
fn eight_bit(img: DynamicImage) -> DynamicImage {
    match img {
        DynamicImage::ImageLuma8(_)
        | DynamicImage::ImageLumaA8(_)
        | DynamicImage::ImageRgb8(_)
        | DynamicImage::ImageRgba8(_) => img,
        other if other.color().has_alpha() => DynamicImage::ImageRgba8(other.to_rgba8()),
        other => DynamicImage::ImageRgb8(other.to_rgb8()),
    }
}

/// Checks and re-encodes an upload. `declared` is the request's `Content-Type` (without
/// parameters), which must agree with the bytes. JPEG stays JPEG (photos); PNG, GIF
/// (its first frame) and WebP become PNG. Images over [`MAX_SIDE`] are scaled down.
pub fn normalize(bytes: &[u8], declared: Option<&str>) -> Result<Normalized, MediaError> {
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Err(MediaError::TooLarge(bytes.len()));
    }
    let format = image::guess_format(bytes).map_err(|_| MediaError::Unsupported)?;
    let actual = mime_of(format).ok_or(MediaError::Unsupported)?;
    if let Some(declared) = declared
        && declared != actual
        && !(declared == "image/jpg" && actual == "image/jpeg")
    {
        return Err(MediaError::Mismatch {
            declared: declared.chars().take(64).collect(),
            actual,
        });
    }
    if let Some(what) = foreign_content(bytes) {
        return Err(MediaError::Polyglot(what));
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_DECODE_SIDE);
    limits.max_image_height = Some(MAX_DECODE_SIDE);
    limits.max_alloc = Some(MAX_DECODE_ALLOC);
    reader.limits(limits);
    let mut img = eight_bit(
        reader
            .decode()
            .map_err(|e| MediaError::BadImage(e.to_string()))?,
    );
    if img.width() == 0 || img.height() == 0 {
        return Err(MediaError::BadImage("the image has no pixels".into()));
    }
    if img.width().max(img.height()) > MAX_SIDE {
        img = img.resize(MAX_SIDE, MAX_SIDE, FilterType::Triangle);
    }
    let photo = format == ImageFormat::Jpeg;
    let (bytes, content_type) = if photo {
        (encode_jpeg(&img)?, "image/jpeg")
    } else {
        (encode_png(&img)?, "image/png")
    };
    let small = img.thumbnail(THUMB_SIDE, THUMB_SIDE);
    let (thumb, thumb_type) = if small.color().has_alpha() {
        (encode_png(&small)?, "image/png")
    } else {
        (encode_jpeg(&small)?, "image/jpeg")
    };
    Ok(Normalized {
        bytes,
        content_type,
        width: img.width(),
        height: img.height(),
        thumb,
        thumb_type,
    })
}

/// Stores `img` (storing the same image again changes nothing) and returns its hash.
pub async fn put(
    pool: &MySqlPool,
    img: &Normalized,
    by: Option<&str>,
) -> Result<String, sqlx::Error> {
    let hash = img.hash();
    sqlx::query(
        "INSERT IGNORE INTO media (hash, content_type, width, height, byte_size, body, thumb_type, thumb, created_by, created_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&hash)
    .bind(img.content_type)
    .bind(img.width)
    .bind(img.height)
    .bind(img.bytes.len() as u64)
    .bind(&img.bytes)
    .bind(img.thumb_type)
    .bind(&img.thumb)
    .bind(by)
    .bind(crate::auth::now())
    .execute(pool)
    .await?;
    Ok(hash)
}

/// A stored image (or its thumbnail): its content type and bytes.
pub async fn get(
    pool: &MySqlPool,
    hash: &str,
    thumb: bool,
) -> Result<Option<(String, Vec<u8>)>, sqlx::Error> {
    let sql = if thumb {
        "SELECT thumb_type, thumb FROM media WHERE hash = ?"
    } else {
        "SELECT content_type, body FROM media WHERE hash = ?"
    };
    sqlx::query_as(sql)
        .bind(hash.to_ascii_lowercase())
        .fetch_optional(pool)
        .await
}

/// Every `0x` + 64 hex digits in `text`, lowercased: the hashes a document names.
pub fn hashes_in(text: &str) -> impl Iterator<Item = String> + '_ {
    let bytes = text.as_bytes();
    (0..bytes.len().saturating_sub(65)).filter_map(move |i| {
        let candidate = &bytes[i..i + 66];
        let starts = candidate[0] == b'0' && (candidate[1] | 0x20) == b'x';
        let before_ok = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
        let after_ok = bytes.get(i + 66).is_none_or(|b| !b.is_ascii_hexdigit());
        (starts && before_ok && after_ok && candidate[2..].iter().all(u8::is_ascii_hexdigit))
            .then(|| String::from_utf8_lossy(candidate).to_ascii_lowercase())
    })
}

/// Removes the images stored more than `grace` ago that no stored document and no
/// banner names (documents name images inside their JSON, so this reads every stored
/// document; run it after `content::prune`, which drops the documents no chain row
/// names). With `dry_run`, counts only.
pub async fn prune(
    pool: &MySqlPool,
    grace: std::time::Duration,
    dry_run: bool,
) -> Result<crate::content::Pruned, sqlx::Error> {
    let mut named = std::collections::HashSet::new();
    let banners: Vec<String> =
        sqlx::query_scalar("SELECT CAST(image AS CHAR) FROM banner WHERE image IS NOT NULL")
            .fetch_all(pool)
            .await?;
    named.extend(banners.into_iter().map(|h| h.to_ascii_lowercase()));
    let mut after = String::new();
    loop {
        let page: Vec<(String, String)> = sqlx::query_as(
            "SELECT CAST(hash AS CHAR), CAST(body AS CHAR) FROM content WHERE hash > ? ORDER BY hash LIMIT 500",
        )
        .bind(&after)
        .fetch_all(pool)
        .await?;
        let Some(last) = page.last() else { break };
        after = last.0.clone();
        for (_, body) in &page {
            named.extend(hashes_in(body));
        }
    }
    let cutoff = crate::auth::now().saturating_sub(grace.as_secs());
    let old: Vec<(String, u64)> = sqlx::query_as(
        "SELECT CAST(hash AS CHAR), CAST(byte_size AS UNSIGNED) FROM media WHERE created_at < ?",
    )
    .bind(cutoff)
    .fetch_all(pool)
    .await?;
    let mut report = crate::content::Pruned {
        examined: old.len() as u64,
        ..Default::default()
    };
    let orphans: Vec<&(String, u64)> = old.iter().filter(|(h, _)| !named.contains(h)).collect();
    report.removed = orphans.len() as u64;
    report.bytes = orphans.iter().map(|o| o.1).sum();
    if !dry_run {
        for chunk in orphans.chunks(500) {
            let sql = format!(
                "DELETE FROM media WHERE created_at < ? AND hash IN ({})",
                vec!["?"; chunk.len()].join(",")
            );
            let mut q = sqlx::query(&sql).bind(cutoff);
            for (h, _) in chunk {
                q = q.bind(h);
            }
            q.execute(pool).await?;
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{Rgb, RgbImage, Rgba, RgbaImage};

    #[test]
    fn documents_name_images_by_hash_anywhere_in_their_json() {
        let a = format!("0x{}", "ab".repeat(32));
        let b = format!("0X{}", "CD".repeat(32));
        let json = format!(r#"{{"image":"{a}","images":["{b}"],"text":"see /media/{a}/thumb"}}"#);
        let found: Vec<String> = hashes_in(&json).collect();
        assert_eq!(found, [a.clone(), b.to_ascii_lowercase(), a.clone()]);
        // Longer hex runs and hashes glued to words are not image hashes.
        assert_eq!(hashes_in(&format!("{a}ff")).count(), 0);
        assert_eq!(hashes_in(&format!("x{a}")).count(), 0);
        assert_eq!(hashes_in("0x12").count(), 0);
    }

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = RgbImage::from_fn(w, h, |x, y| Rgb([(x * 7) as u8, (y * 5) as u8, 90]));
        encode_png(&DynamicImage::ImageRgb8(img)).unwrap()
    }

    #[test]
    fn a_png_this_module_wrote_comes_back_byte_for_byte() {
        let original = png(64, 48);
        let n = normalize(&original, Some("image/png")).unwrap();
        assert_eq!(n.bytes, original);
        assert_eq!((n.width, n.height, n.content_type), (64, 48, "image/png"));
        assert_eq!(n.hash(), format!("{:#x}", keccak256(&original)));
        assert_eq!(n.thumb_type, "image/jpeg");
    }

    #[test]
    fn metadata_and_trailing_bytes_are_not_kept() {
        let mut with_text = png(32, 32);
        // A tEXt chunk before IEND, as cameras and editors add, and bytes after IEND.
        let iend = with_text.len() - 12;
        let mut chunk = Vec::new();
        let data = b"Comment\0GPS 52.1,4.3 owner=alice";
        chunk.extend_from_slice(&(data.len() as u32).to_be_bytes());
        chunk.extend_from_slice(b"tEXt");
        chunk.extend_from_slice(data);
        chunk.extend_from_slice(&[0, 0, 0, 0]); // CRC unchecked by the decoder
        with_text.splice(iend..iend, chunk);
        with_text.extend_from_slice(b"trailing secret");
        let n = normalize(&with_text, None).unwrap();
        assert_eq!(n.bytes, png(32, 32));
        assert!(!n.bytes.windows(3).any(|w| w == b"GPS"));
    }

    #[test]
    fn polyglots_and_disguises_are_refused() {
        let mut html = png(8, 8);
        html.extend_from_slice(b"<HTML><body onload=alert(1)>");
        assert_eq!(
            normalize(&html, None),
            Err(MediaError::Polyglot("an HTML page"))
        );
        let mut zip = png(8, 8);
        zip.extend_from_slice(b"PK\x03\x04class-files...PK\x05\x06end");
        assert_eq!(normalize(&zip, None).unwrap_err().code(), "BAD_IMAGE");
        assert_eq!(
            normalize(&png(8, 8), Some("image/jpeg"))
                .unwrap_err()
                .code(),
            "UNSUPPORTED_MEDIA_TYPE"
        );
        assert_eq!(
            normalize(
                b"<svg xmlns='http://www.w3.org/2000/svg'/>",
                Some("image/svg+xml")
            ),
            Err(MediaError::Unsupported)
        );
        assert_eq!(
            normalize(b"GIF89a broken", None).unwrap_err().code(),
            "BAD_IMAGE"
        );
    }

    #[test]
    fn size_is_bounded_in_bytes_and_pixels() {
        let big = vec![0u8; MAX_UPLOAD_BYTES + 1];
        assert_eq!(
            normalize(&big, None),
            Err(MediaError::TooLarge(MAX_UPLOAD_BYTES + 1))
        );
        let wide = normalize(&png(3000, 10), None).unwrap();
        assert_eq!((wide.width, wide.height), (MAX_SIDE, 7));
        // A tiny file claiming 100000 × 100000 pixels is refused before decoding.
        let mut bomb = png(1, 1);
        bomb[16..20].copy_from_slice(&100_000u32.to_be_bytes());
        bomb[20..24].copy_from_slice(&100_000u32.to_be_bytes());
        assert_eq!(normalize(&bomb, None).unwrap_err().code(), "BAD_IMAGE");
    }

    #[test]
    fn photos_stay_jpeg_and_transparency_stays_png() {
        let photo = encode_jpeg(&DynamicImage::ImageRgb8(RgbImage::from_pixel(
            40,
            30,
            Rgb([200, 120, 40]),
        )))
        .unwrap();
        let n = normalize(&photo, Some("image/jpeg")).unwrap();
        assert_eq!(n.content_type, "image/jpeg");
        let icon = DynamicImage::ImageRgba8(RgbaImage::from_pixel(16, 16, Rgba([1, 2, 3, 0])));
        let n = normalize(&encode_png(&icon).unwrap(), None).unwrap();
        assert_eq!((n.content_type, n.thumb_type), ("image/png", "image/png"));
    }
}
