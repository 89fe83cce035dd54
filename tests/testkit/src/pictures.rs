//! Pictures for the demo data, drawn here from a seed (a name or title), so the client
//! shows real images — avatars, community icons and banners, item pictures, post
//! illustrations — without shipping files or reaching the network.
//!
//! Each is a PNG written by the `image` crate's encoder with its defaults, which is what
//! the API writes when it re-encodes an upload (`graphql_api::media`): a PNG from here
//! is stored byte for byte, so its keccak256 (the hash documents name) is known before
//! the upload.

use alloy::primitives::keccak256;
use image::{DynamicImage, Rgb, RgbImage, codecs::png::PngEncoder};

type Px = [f32; 3];

/// Colours chosen from a seed: a harmonious palette of three hues.
fn palette(seed: &str) -> [Px; 3] {
    let h = keccak256(seed.as_bytes());
    let base = f32::from(h[0]) / 255.0 * 360.0;
    let hsl = |hue: f32, s: f32, l: f32| -> Px {
        let hue = hue.rem_euclid(360.0) / 60.0;
        let c = (1.0 - (2.0 * l - 1.0).abs()) * s;
        let x = c * (1.0 - (hue % 2.0 - 1.0).abs());
        let (r, g, b) = match hue as u32 {
            0 => (c, x, 0.0),
            1 => (x, c, 0.0),
            2 => (0.0, c, x),
            3 => (0.0, x, c),
            4 => (x, 0.0, c),
            _ => (c, 0.0, x),
        };
        let m = l - c / 2.0;
        [(r + m) * 255.0, (g + m) * 255.0, (b + m) * 255.0]
    };
    [
        hsl(base, 0.65, 0.55),
        hsl(base + 40.0, 0.70, 0.35),
        hsl(base + 180.0, 0.75, 0.70),
    ]
}

fn mix(a: Px, b: Px, t: f32) -> Px {
    let t = t.clamp(0.0, 1.0);
    [
        a[0] + (b[0] - a[0]) * t,
        a[1] + (b[1] - a[1]) * t,
        a[2] + (b[2] - a[2]) * t,
    ]
}

fn px(c: Px) -> Rgb<u8> {
    Rgb([c[0] as u8, c[1] as u8, c[2] as u8])
}

fn png(img: RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    DynamicImage::ImageRgb8(img)
        .write_with_encoder(PngEncoder::new(&mut out))
        .expect("a PNG encodes into memory");
    out
}

/// A landscape: a sky, a sun and three mountain ridges, for banners and post pictures.
fn landscape(seed: &str, w: u32, h: u32) -> RgbImage {
    let [a, b, c] = palette(seed);
    let hash = keccak256(seed.as_bytes());
    let sun_x = (0.2 + f32::from(hash[1]) / 255.0 * 0.6) * w as f32;
    let sun_y = h as f32 * 0.35;
    let sun_r = h as f32 * 0.14;
    let ridge = |x: f32, layer: f32| -> f32 {
        let f = 1.0 + layer;
        let phase = f32::from(hash[2 + layer as usize]) / 40.0;
        let y = (x / w as f32 * 6.0 * f + phase).sin() * 0.06
            + (x / w as f32 * 17.0 * f + phase * 2.0).sin() * 0.025;
        h as f32 * (0.50 + layer * 0.14 + y)
    };
    RgbImage::from_fn(w, h, |x, y| {
        let (fx, fy) = (x as f32, y as f32);
        for layer in (0..3).rev() {
            if fy > ridge(fx, layer as f32) {
                let shade = 0.25 + layer as f32 * 0.28;
                return px(mix(b, [20.0, 24.0, 40.0], 1.0 - shade));
            }
        }
        let d = ((fx - sun_x).powi(2) + (fy - sun_y).powi(2)).sqrt();
        if d < sun_r {
            return px(mix([255.0, 244.0, 214.0], c, 0.15));
        }
        let sky = mix(c, a, fy / (h as f32 * 0.7));
        px(mix(
            sky,
            [255.0, 240.0, 210.0],
            (1.0 - d / (sun_r * 3.0)).max(0.0) * 0.5,
        ))
    })
}

/// A community banner (960 × 320).
pub fn banner(name: &str) -> Vec<u8> {
    png(landscape(name, 960, 320))
}

/// A picture for a post (720 × 405).
pub fn scene(title: &str) -> Vec<u8> {
    png(landscape(title, 720, 405))
}

/// An avatar (160 × 160): a symmetric 5 × 5 pattern on a soft background.
pub fn avatar(name: &str) -> Vec<u8> {
    let [a, b, _] = palette(name);
    let hash = keccak256(format!("avatar:{name}").as_bytes());
    let cell = 24;
    let margin = (160 - cell * 5) / 2;
    png(RgbImage::from_fn(160, 160, |x, y| {
        let bg = mix([246.0, 244.0, 250.0], a, 0.12 + y as f32 / 160.0 * 0.1);
        if x < margin || y < margin || x >= margin + cell * 5 || y >= margin + cell * 5 {
            return px(bg);
        }
        let (cx, cy) = ((x - margin) / cell, (y - margin) / cell);
        let col = cx.min(4 - cx) as usize;
        let on = hash[(cy as usize) * 3 + col] & 1 == 1;
        px(if on { mix(a, b, cy as f32 / 5.0) } else { bg })
    }))
}

/// A community icon (256 × 256): an emblem (a diamond in a ring) on a gradient.
pub fn icon(name: &str) -> Vec<u8> {
    let [a, b, c] = palette(name);
    png(RgbImage::from_fn(256, 256, |x, y| {
        let (dx, dy) = (x as f32 - 128.0, y as f32 - 128.0);
        let r = (dx * dx + dy * dy).sqrt();
        if dx.abs() + dy.abs() < 58.0 {
            return px(mix([255.0, 255.0, 255.0], c, (dy + 58.0) / 160.0));
        }
        if (r - 88.0).abs() < 7.0 {
            return px([255.0, 255.0, 255.0]);
        }
        px(mix(a, b, (x + y) as f32 / 512.0))
    }))
}

/// What an item picture shows, from words in its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Thing {
    Gem,
    Moon,
    Ticket,
    Frame,
}

fn thing(name: &str) -> Thing {
    let n = name.to_lowercase();
    if n.contains("月") || n.contains("moon") {
        Thing::Moon
    } else if n.contains("券") || n.contains("voucher") || n.contains("ticket") {
        Thing::Ticket
    } else if n.contains("框") || n.contains("frame") {
        Thing::Frame
    } else {
        Thing::Gem
    }
}

/// An item picture (480 × 480): the thing the name names (a gem, a moon, a ticket, a
/// frame) lit on a gradient.
pub fn item(name: &str) -> Vec<u8> {
    let [a, b, c] = palette(name);
    let kind = thing(name);
    png(RgbImage::from_fn(480, 480, |x, y| {
        let (dx, dy) = (x as f32 - 240.0, y as f32 - 240.0);
        let r = (dx * dx + dy * dy).sqrt();
        let bg = mix(
            mix(b, a, y as f32 / 480.0),
            [255.0, 255.0, 255.0],
            (1.0 - r / 260.0).max(0.0) * 0.35,
        );
        let light = [255.0, 250.0, 235.0];
        let inside = match kind {
            Thing::Gem => {
                let top = dy < -40.0 && dy > -120.0 && dx.abs() < 120.0 + (dy + 40.0) * 0.9;
                let bottom = (-40.0..=150.0).contains(&dy) && dx.abs() < 120.0 - (dy + 40.0) * 0.63;
                (top || bottom).then(|| mix(c, light, if dx < 0.0 { 0.55 } else { 0.15 }))
            }
            Thing::Moon => {
                let other = ((dx - 60.0).powi(2) + (dy + 30.0).powi(2)).sqrt();
                (r < 140.0 && other > 120.0).then(|| mix(light, c, (dy + 140.0) / 400.0))
            }
            Thing::Ticket => {
                let notch = ((dx.abs() - 170.0).powi(2) + dy * dy).sqrt() < 30.0;
                let body = dx.abs() < 170.0 && dy.abs() < 95.0 && !notch;
                let perforation = (dx - 70.0).abs() < 3.0 && (y / 12) % 2 == 0;
                body.then(|| if perforation { b } else { mix(light, c, 0.35) })
            }
            Thing::Frame => {
                let ring = dx.abs().max(dy.abs());
                (110.0..150.0)
                    .contains(&ring)
                    .then(|| mix(c, light, (ring - 110.0) / 40.0))
            }
        };
        px(inside.unwrap_or(bg))
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pictures_are_deterministic_pngs_of_their_sizes() {
        for (bytes, w, h) in [
            (banner("原神 社区"), 960, 320),
            (scene("深渊12层通关攻略"), 720, 405),
            (avatar("alice"), 160, 160),
            (icon("原神 社区"), 256, 256),
            (item("空月祝福 Welkin Moon"), 480, 480),
        ] {
            let img = image::load_from_memory(&bytes).unwrap();
            assert_eq!((img.width(), img.height()), (w, h));
            assert!(bytes.len() < 400_000, "{} bytes", bytes.len());
        }
        assert_eq!(avatar("bob"), avatar("bob"));
        assert_ne!(avatar("bob"), avatar("carol"));
    }

    #[test]
    fn item_pictures_follow_their_names() {
        assert_eq!(thing("空月祝福 Welkin Moon"), Thing::Moon);
        assert_eq!(thing("皮肤兑换券 Skin voucher"), Thing::Ticket);
        assert_eq!(thing("限定头像框 limited frame"), Thing::Frame);
        assert_eq!(thing("原石礼包 Primogem pack"), Thing::Gem);
    }
}
