//! The sRGB ICC profile of the PDF/A output intent: ICC version 2, a matrix and one
//! tone curve, computed from the published IEC 61966-2-1 parameters. Computing it keeps
//! a third-party binary (and its licence) out of the repository, and a version 2
//! profile is what every PDF/A validator and reader accepts.

/// The sRGB primaries adapted to the D50 connection space (Bradford), as the ICC's own
/// sRGB profiles give them; each column adds up to the D50 white.
const RED: [f64; 3] = [0.436_074_7, 0.222_504_5, 0.013_932_2];
const GREEN: [f64; 3] = [0.385_064_9, 0.716_878_6, 0.097_104_5];
const BLUE: [f64; 3] = [0.143_080_4, 0.060_616_9, 0.714_173_3];
const D50: [f64; 3] = [0.9642, 1.0, 0.8249];

/// Samples of the tone curve; readers interpolate between them, and 1,024 keeps every
/// 8-bit value within a rounding step of the exact curve.
const CURVE_POINTS: u16 = 1024;

/// The profile's name, also the output condition the PDF names.
pub(super) const SRGB_NAME: &str = "sRGB IEC61966-2.1";

/// The profile, byte for byte the same on every run (its header date is fixed).
pub(super) fn srgb() -> Vec<u8> {
    let curve = tagged(b"curv", |t| {
        t.extend_from_slice(&u32::from(CURVE_POINTS).to_be_bytes());
        for i in 0..CURVE_POINTS {
            let v = f64::from(i) / f64::from(CURVE_POINTS - 1);
            let linear = if v <= 0.040_45 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) };
            t.extend_from_slice(&((linear * 65535.0).round() as u16).to_be_bytes());
        }
    });
    // textDescriptionType: the ASCII name, then empty Unicode and Macintosh names.
    let desc = tagged(b"desc", |t| {
        t.extend_from_slice(&(SRGB_NAME.len() as u32 + 1).to_be_bytes());
        t.extend_from_slice(SRGB_NAME.as_bytes());
        t.extend_from_slice(&[0; 1 + 4 + 4 + 2 + 1 + 67]);
    });
    let cprt = tagged(b"text", |t| t.extend_from_slice(b"No copyright, use freely\0"));
    let bodies = [desc, cprt, xyz(D50), xyz(RED), xyz(GREEN), xyz(BLUE), curve];
    // Tag signature and the body it points at: the three channels share one curve.
    let tags: [(&[u8; 4], usize); 9] = [
        (b"desc", 0),
        (b"cprt", 1),
        (b"wtpt", 2),
        (b"rXYZ", 3),
        (b"gXYZ", 4),
        (b"bXYZ", 5),
        (b"rTRC", 6),
        (b"gTRC", 6),
        (b"bTRC", 6),
    ];

    let mut offsets = Vec::with_capacity(bodies.len());
    let mut at = 128 + 4 + 12 * tags.len();
    for body in &bodies {
        offsets.push(at);
        at += body.len().next_multiple_of(4);
    }
    let mut out = Vec::with_capacity(at);
    out.extend_from_slice(&(at as u32).to_be_bytes());
    out.extend_from_slice(&[0; 4]); // preferred CMM: none
    out.extend_from_slice(&0x0210_0000u32.to_be_bytes()); // version 2.1
    out.extend_from_slice(b"mntrRGB XYZ ");
    for part in [2026u16, 11, 30, 0, 0, 0] {
        out.extend_from_slice(&part.to_be_bytes());
    }
    out.extend_from_slice(b"acsp");
    out.extend_from_slice(&[0; 64 - 40]); // platform, flags, device, attributes
    out.extend_from_slice(&0u32.to_be_bytes()); // perceptual intent
    for c in D50 {
        out.extend_from_slice(&s15_fixed16(c));
    }
    out.extend_from_slice(&[0; 128 - 80]); // creator, profile ID (v4 only), reserved
    out.extend_from_slice(&(tags.len() as u32).to_be_bytes());
    for (sig, body) in tags {
        out.extend_from_slice(sig);
        out.extend_from_slice(&(offsets[body] as u32).to_be_bytes());
        out.extend_from_slice(&(bodies[body].len() as u32).to_be_bytes());
    }
    for body in &bodies {
        out.extend_from_slice(body);
        out.resize(out.len().next_multiple_of(4), 0);
    }
    out
}

/// A tag body: its type signature, four reserved bytes, then what `fill` writes.
fn tagged(kind: &[u8; 4], fill: impl FnOnce(&mut Vec<u8>)) -> Vec<u8> {
    let mut t = kind.to_vec();
    t.extend_from_slice(&[0; 4]);
    fill(&mut t);
    t
}

fn xyz(v: [f64; 3]) -> Vec<u8> {
    tagged(b"XYZ ", |t| v.iter().for_each(|&c| t.extend_from_slice(&s15_fixed16(c))))
}

fn s15_fixed16(v: f64) -> [u8; 4] {
    ((v * 65536.0).round() as i32).to_be_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u32_at(p: &[u8], at: usize) -> usize {
        u32::from_be_bytes(p[at..at + 4].try_into().unwrap()) as usize
    }

    #[test]
    fn the_profile_is_a_well_formed_rgb_display_profile() {
        let p = srgb();
        assert_eq!(u32_at(&p, 0), p.len());
        assert_eq!(&p[36..40], b"acsp");
        assert_eq!(&p[12..24], b"mntrRGB XYZ ");
        assert_eq!(p[8], 2, "version 2");
        // D50 as s15Fixed16: 0x0000F6D6 0x00010000 0x0000D32D.
        assert_eq!(p[68..80], [0, 0, 0xF6, 0xD6, 0, 1, 0, 0, 0, 0, 0xD3, 0x2D]);
        let count = u32_at(&p, 128);
        let mut sigs = Vec::new();
        for i in 0..count {
            let entry = 132 + 12 * i;
            let (offset, size) = (u32_at(&p, entry + 4), u32_at(&p, entry + 8));
            assert!(offset % 4 == 0 && offset + size <= p.len(), "tag {i}");
            sigs.push(std::str::from_utf8(&p[entry..entry + 4]).unwrap().to_string());
            let kind = &p[offset..offset + 4];
            assert!([b"desc", b"text", b"XYZ ", b"curv"].iter().any(|k| *k == kind), "{kind:?}");
        }
        for required in ["desc", "cprt", "wtpt", "rXYZ", "gXYZ", "bXYZ", "rTRC", "gTRC", "bTRC"] {
            assert!(sigs.iter().any(|s| s == required), "{required} missing: {sigs:?}");
        }
        // The colorants add up to the white point (the ICC's D50 is rounded to four places).
        for (i, white) in D50.iter().enumerate() {
            assert!((RED[i] + GREEN[i] + BLUE[i] - white).abs() < 5e-4);
        }
        assert!(p == srgb());
    }
}
