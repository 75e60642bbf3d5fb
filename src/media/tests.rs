use super::*;
use exif::{In, Tag, Value};
use std::path::Path;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(name)).expect("fixture")
}

fn limits() -> Limits {
    Limits {
        max_image_bytes: 100 << 20,
        max_video_bytes: 1 << 30,
        max_pixels: 120_000_000,
        decode_side: FACE_SIDE,
        decode_fraction: 0.0,
    }
}

fn ftyp(major: &[u8; 4], compatible: &[&[u8; 4]]) -> Vec<u8> {
    let size = 16 + 4 * compatible.len();
    let mut v = (size as u32).to_be_bytes().to_vec();
    v.extend_from_slice(b"ftyp");
    v.extend_from_slice(major);
    v.extend_from_slice(&[0, 0, 0, 0]);
    for c in compatible {
        v.extend_from_slice(*c);
    }
    v.extend_from_slice(&[0; 16]);
    v
}

/// A PNG header whose IHDR (with a valid CRC) declares `w` x `h` pixels.
fn png_header(w: u32, h: u32) -> Vec<u8> {
    fn crc(data: &[u8]) -> u32 {
        let mut c = 0xFFFF_FFFFu32;
        for &b in data {
            c ^= u32::from(b);
            for _ in 0..8 {
                c = if c & 1 == 1 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
            }
        }
        !c
    }
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend_from_slice(&w.to_be_bytes());
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    let mut v = b"\x89PNG\r\n\x1a\n".to_vec();
    v.extend_from_slice(&13u32.to_be_bytes());
    v.extend_from_slice(&ihdr);
    v.extend_from_slice(&crc(&ihdr).to_be_bytes());
    v
}

fn generated_jpeg(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 128]));
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90).encode_image(&img).expect("encode");
    out
}

#[test]
fn sniffs_by_magic_bytes() {
    assert_eq!(sniff(&fixture("camera_motorola_moto_g9.jpg")), Format::Jpeg);
    assert_eq!(sniff(&fixture("camera_canon_s40.webp")), Format::Webp);
    assert_eq!(sniff(&fixture("fail_truncated.png")), Format::Png);
    assert_eq!(sniff(b"II*\0\x08\0\0\0"), Format::Tiff);
    assert_eq!(sniff(&ftyp(b"heic", &[b"mif1", b"heic"])), Format::Heic);
    assert_eq!(sniff(&ftyp(b"mif1", &[b"mif1", b"miaf"])), Format::Heif);
    assert_eq!(sniff(&ftyp(b"avif", &[b"avif", b"mif1"])), Format::Avif);
    assert_eq!(sniff(&ftyp(b"qt  ", &[b"qt  "])), Format::Mov);
    assert_eq!(sniff(&ftyp(b"isom", &[b"isom", b"mp41"])), Format::Mp4);
    assert_eq!(sniff(&ftyp(b"3gp5", &[b"3gp5"])), Format::ThreeGp);
    assert_eq!(sniff(&ftyp(b"crx ", &[b"crx ", b"isom"])), Format::Unknown, "Canon CR3 raw is not a video");
    assert_eq!(sniff(b"\0\0\0\x08wide\0\0\0\0mdat"), Format::Mov);
    assert_eq!(sniff(&fixture("fail_bomb.gif")), Format::Unknown);
    assert_eq!(sniff(b""), Format::Unknown);
    assert_eq!(sniff(b"%PDF-1.4"), Format::Unknown);
}

#[test]
fn a_real_phone_photo_gives_its_camera_date_and_thumbnail() {
    let a = analyse(&fixture("camera_motorola_moto_g9.jpg"), &limits());
    assert_eq!(a.problem, None);
    assert_eq!(a.format(), Format::Jpeg);
    assert_eq!((a.width, a.height), (Some(4640), Some(3472)));
    let cam = a.camera.expect("camera");
    assert_eq!((cam.make.as_str(), cam.model.as_str()), ("motorola", "moto g(9) plus"));
    assert_eq!(a.captured_at.map(|t| t.to_string()).as_deref(), Some("2025-06-01 16:59:26"));
    let thumb = image::load_from_memory(&a.thumbnail.expect("thumbnail")).expect("thumb decodes");
    assert!(thumb.width() <= THUMB_SIDE && thumb.height() <= THUMB_SIDE);
    assert!(thumb.width() > thumb.height(), "landscape stays landscape");
}

#[test]
fn serials_are_read_from_exif_and_ifd0() {
    let a = analyse(&fixture("camera_canon_eos7d_serial.webp"), &limits());
    let cam = a.camera.expect("camera");
    assert_eq!(cam.model, "Canon EOS 7D");
    assert_eq!(cam.serial.as_deref(), Some("1070700342"));
    // A WebP whose EXIF chunk keeps the JPEG-style "Exif\0\0" prefix.
    let a = analyse(&fixture("camera_canon_s40.webp"), &limits());
    assert_eq!(a.camera.map(|c| c.model).as_deref(), Some("Canon PowerShot S40"));
    assert_eq!(a.captured_at.map(|t| t.to_string()).as_deref(), Some("2003-12-14 12:01:44"));
    let a = analyse(&fixture("camera_nikon_d800_serial.jpg"), &limits());
    assert_eq!(a.camera.and_then(|c| c.serial).as_deref(), Some("3050595"));
}

#[test]
fn thumbnails_are_upright() {
    // The file's pixels are landscape; EXIF orientation 6 says turn them.
    let a = analyse(&fixture("no_camera_orientation6.jpg"), &limits());
    assert_eq!(a.orientation, Some(6));
    assert_eq!(a.camera, None);
    let thumb = image::load_from_memory(&a.thumbnail.expect("thumbnail")).expect("decodes");
    let stored_landscape = a.width > a.height;
    assert_eq!(
        thumb.height() > thumb.width(),
        stored_landscape,
        "{}x{} from {:?}x{:?}",
        thumb.width(),
        thumb.height(),
        a.width,
        a.height
    );
}

#[test]
fn a_file_that_once_crashed_a_decoder_is_analysed_safely() {
    let a = analyse(&fixture("decoder_regression.webp"), &limits());
    assert_eq!(a.problem, None);
    assert_eq!((a.width, a.height), (Some(100), Some(30)));
    assert_eq!(a.camera, None);
}

#[test]
fn truncated_files_are_corrupt() {
    let a = analyse(&fixture("fail_truncated.png"), &limits());
    assert_eq!(a.problem.map(|p| p.0), Some(MediaProblem::Corrupt));
    let mut jpeg = fixture("camera_motorola_moto_g9.jpg");
    jpeg.truncate(jpeg.len() / 3);
    let a = analyse(&jpeg, &limits());
    assert_eq!(a.problem.map(|p| p.0), Some(MediaProblem::Corrupt), "a JPEG cut to a third");
}

#[test]
fn unknown_formats_and_bombs_are_refused_before_decoding() {
    let a = analyse(&fixture("fail_bomb.gif"), &limits());
    assert_eq!(a.problem.map(|p| p.0), Some(MediaProblem::UnsupportedFormat));
    let a = analyse(&png_header(309, 15_403_836), &limits());
    let (problem, why) = a.problem.expect("refused");
    assert_eq!(problem, MediaProblem::TooLarge, "{why}");
    let big = generated_jpeg(64, 64);
    let tight = Limits { max_image_bytes: 100, ..limits() };
    assert_eq!(analyse(&big, &tight).problem.map(|p| p.0), Some(MediaProblem::TooLarge));
    let few_pixels = Limits { max_pixels: 1000, ..limits() };
    assert_eq!(analyse(&big, &few_pixels).problem.map(|p| p.0), Some(MediaProblem::TooLarge));
}

#[test]
fn a_generated_jpeg_has_no_camera() {
    let a = analyse(&generated_jpeg(200, 100), &limits());
    assert_eq!(a.problem, None);
    assert_eq!(a.camera, None);
    assert_eq!((a.width, a.height), (Some(200), Some(100)));
    assert!(a.thumbnail.is_some());
}

#[test]
fn exif_dates_that_are_blank_or_zero_are_none() {
    assert!(parse_exif_datetime("2019:03:21 11:04:22").is_some());
    assert!(parse_exif_datetime("2019:03:21 11:04:22.123+01:00").is_some());
    for s in ["    :  :     :  :  ", "0000:00:00 00:00:00", "", "garbage"] {
        assert_eq!(parse_exif_datetime(s), None, "{s}");
    }
}

/// A generated JPEG carrying the given EXIF ASCII fields.
fn jpeg_with_exif(fields: &[(Tag, &str)]) -> Vec<u8> {
    image_with_exif(&generated_jpeg(64, 48), fields, None)
}

/// `jpeg` with an EXIF block of ASCII fields (and an orientation) added.
fn image_with_exif(jpeg: &[u8], fields: &[(Tag, &str)], orientation: Option<u16>) -> Vec<u8> {
    let mut owned: Vec<exif::Field> = fields
        .iter()
        .map(|(tag, v)| exif::Field {
            tag: *tag,
            ifd_num: In::PRIMARY,
            value: Value::Ascii(vec![v.as_bytes().to_vec()]),
        })
        .collect();
    if let Some(o) = orientation {
        owned.push(exif::Field { tag: Tag::Orientation, ifd_num: In::PRIMARY, value: Value::Short(vec![o]) });
    }
    let mut w = exif::experimental::Writer::new();
    for f in &owned {
        w.push_field(f);
    }
    let mut tiff = std::io::Cursor::new(Vec::new());
    w.write(&mut tiff, false).expect("exif");
    let tiff = tiff.into_inner();
    let mut out = vec![0xFF, 0xD8, 0xFF, 0xE1];
    out.extend_from_slice(&((tiff.len() + 8) as u16).to_be_bytes());
    out.extend_from_slice(b"Exif\0\0");
    out.extend_from_slice(&tiff);
    out.extend_from_slice(&jpeg[2..]);
    out
}

#[test]
fn the_capture_time_offset_is_kept_when_the_camera_writes_one() {
    let bytes = jpeg_with_exif(&[
        (Tag::Make, "Apple"),
        (Tag::Model, "iPad (9th generation)"),
        (Tag::DateTimeOriginal, "2026:10:01 09:12:44"),
        (Tag::OffsetTimeOriginal, "+01:00"),
        (Tag::ImageDescription, "Water play"),
    ]);
    let a = analyse(&bytes, &limits());
    assert_eq!(a.problem, None);
    assert_eq!(a.camera.map(|c| c.model).as_deref(), Some("iPad (9th generation)"));
    assert_eq!(a.captured_at.map(|t| t.to_string()).as_deref(), Some("2026-10-01 09:12:44"));
    assert_eq!(a.captured_offset.as_deref(), Some("+01:00"));
    assert_eq!(a.captions, vec!["Water play".to_string()]);
    // Most cameras write none.
    assert_eq!(analyse(&fixture("camera_motorola_moto_g9.jpg"), &limits()).captured_offset, None);
}

#[test]
fn iptc_captions_are_read() {
    let mut iim = vec![0x1C, 2, 120];
    let caption = b"Millie at the water tray";
    iim.extend_from_slice(&(caption.len() as u16).to_be_bytes());
    iim.extend_from_slice(caption);
    let mut irb = b"Photoshop 3.0\08BIM\x04\x04\0\0".to_vec();
    irb.extend_from_slice(&(iim.len() as u32).to_be_bytes());
    irb.extend_from_slice(&iim);
    let plain = generated_jpeg(16, 16);
    let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xED];
    jpeg.extend_from_slice(&((irb.len() + 2) as u16).to_be_bytes());
    jpeg.extend_from_slice(&irb);
    jpeg.extend_from_slice(&plain[2..]);
    assert_eq!(iptc_captions(&jpeg), vec!["Millie at the water tray".to_string()]);
    assert_eq!(analyse(&jpeg, &limits()).captions, vec!["Millie at the water tray".to_string()]);
}

/// Regenerates the generated fixtures (`cargo test -- --ignored regenerate`).
#[test]
#[ignore]
fn regenerate_generated_fixtures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let jpeg = jpeg_with_exif(&[
        (Tag::Make, "Apple"),
        (Tag::Model, "iPad (9th generation)"),
        (Tag::DateTimeOriginal, "2026-10-01 09:12:44".replace('-', ":").as_str()),
        (Tag::ImageDescription, "Millie and Benji at the water tray"),
    ]);
    std::fs::write(dir.join("generated_ipad_caption.jpg"), jpeg).expect("write");

    // The astronaut (one face) as if an iPad took her, upright and stored
    // turned on its side with EXIF orientation 6 (the way phones save).
    let face = image::open(dir.join("faces_astronaut.png")).expect("astronaut").to_rgb8();
    let encode = |img: &image::RgbImage| {
        let mut out = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90).encode_image(img).expect("encode");
        out
    };
    let ipad =
        [(Tag::Make, "Apple"), (Tag::Model, "iPad (9th generation)"), (Tag::DateTimeOriginal, "2026:10:02 10:00:00")];
    std::fs::write(dir.join("generated_ipad_face.jpg"), image_with_exif(&encode(&face), &ipad, Some(1)))
        .expect("write");
    // Orientation 6 means "turn 90 degrees clockwise to view": store the
    // pixels turned the other way.
    let sideways = image::imageops::rotate270(&face);
    std::fs::write(dir.join("generated_ipad_face_orient6.jpg"), image_with_exif(&encode(&sideways), &ipad, Some(6)))
        .expect("write");
    // Two faces side by side (the astronaut and her mirror image).
    let mut two = image::RgbImage::new(face.width() * 2, face.height());
    image::imageops::overlay(&mut two, &face, 0, 0);
    image::imageops::overlay(&mut two, &image::imageops::flip_horizontal(&face), i64::from(face.width()), 0);
    std::fs::write(dir.join("generated_ipad_two_faces.jpg"), image_with_exif(&encode(&two), &ipad, Some(1)))
        .expect("write");
}

#[cfg(any(feature = "heif", feature = "heif-embedded"))]
#[test]
fn heic_thumbnails_are_upright_whatever_carries_the_rotation() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/heic");
    if !dir.is_dir() {
        skip("corpus not found (../shared/corpus)");
        return;
    }
    let thumb = |name: &str| {
        let a = analyse(&std::fs::read(dir.join(name)).expect("read"), &limits());
        assert_eq!(a.problem, None, "{name}");
        let t = image::load_from_memory(a.thumbnail.as_deref().unwrap_or_else(|| panic!("{name}: no thumbnail")))
            .expect("decode");
        (a, t.width(), t.height())
    };
    // An iPhone photo: landscape, orientation 1.
    let (a, w, h) = thumb("immich_iPhone7_IMG_2682.heic");
    assert_eq!((a.width, a.height), (Some(4032), Some(3024)));
    assert_eq!(a.camera.map(|c| c.model).as_deref(), Some("iPhone 7"));
    assert_eq!(a.captured_at.map(|t| t.to_string()).as_deref(), Some("2019-03-21 11:04:22"));
    assert!(a.gps);
    assert!(w > h, "landscape {w}x{h}");
    // Rotation only in the container (irot): a portrait camera HIF.
    for name in ["exiv2_Sony_ILCE-7CM2_orient6_irot.HIF", "exiv2_Sony_ILCE-7CM2_orient8_irot.HIF"] {
        let (a, w, h) = thumb(name);
        assert!(a.height > a.width, "{name}: upright size {:?}x{:?}", a.width, a.height);
        assert!(h > w, "{name}: portrait thumbnail {w}x{h}");
    }
    // EXIF orientation 6 and container rotation 270 together: turned once.
    let (a, w, h) = thumb("mei_Samsung_SM-G975F_Issue_487.heic");
    assert_eq!(a.orientation, Some(6));
    assert!(h > w, "portrait, not turned twice: {w}x{h}");
    // AVIF decodes too.
    let (a, _, _) = thumb("mei_Canon_EOS_70D_Issue_649.avif");
    assert_eq!(a.format(), Format::Avif);
}

#[cfg(any(feature = "heif", feature = "heif-embedded"))]
#[test]
fn a_heic_without_image_data_is_corrupt() {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/heic/exiftool_QuickTime.heic");
    let Ok(bytes) = std::fs::read(&p) else {
        skip("corpus not found (../shared/corpus)");
        return;
    };
    assert_eq!(analyse(&bytes, &limits()).problem.map(|p| p.0), Some(MediaProblem::Corrupt));
}

#[test]
fn the_face_fixtures_are_what_they_say() {
    let a = analyse(&fixture("generated_ipad_face_orient6.jpg"), &limits());
    assert_eq!(a.orientation, Some(6));
    assert_eq!(a.camera.map(|c| c.make).as_deref(), Some("Apple"));
    let up = a.upright.expect("decoded");
    assert_eq!((up.width(), up.height()), (512, 512), "square, so the turn shows only in the pixels");
    let plain = analyse(&fixture("generated_ipad_face.jpg"), &limits()).upright.expect("decoded").to_rgb8();
    let turned = up.to_rgb8();
    // Upright, the two are the same picture (give or take JPEG noise).
    let diff: f64 =
        plain.pixels().zip(turned.pixels()).map(|(p, q)| (f64::from(p[1]) - f64::from(q[1])).abs()).sum::<f64>()
            / f64::from(plain.width() * plain.height());
    assert!(diff < 6.0, "mean difference {diff}");
}

/// A visible `skipped:` line on a developer's machine; a failure in CI
/// (`CI` set), where nothing may skip. (tests/common has the same rule for
/// the integration tests.)
pub(crate) fn skip(why: &str) {
    use std::io::Write;
    if std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0") {
        panic!("{why}: in CI no test may skip");
    }
    let _ = writeln!(std::io::stderr(), "skipped: {why}");
}

#[test]
fn a_picture_square_is_centred_on_the_region_and_stays_inside() {
    // A face box in the middle of a 400x300 image, padded 1.5 times.
    assert_eq!(square_cut([0.45, 0.4, 0.1, 0.2], 400, 300, 1.5), (155, 105, 90));
    // Near a corner: moved inside, same size.
    assert_eq!(square_cut([0.0, 0.0, 0.1, 0.1], 400, 300, 1.0), (0, 0, 40));
    assert_eq!(square_cut([0.95, 0.9, 0.05, 0.1], 400, 300, 1.0), (370, 270, 30));
    // Never larger than the shorter side: the whole photo is its middle square.
    assert_eq!(square_cut([0.0, 0.0, 1.0, 1.0], 400, 300, 1.0), (50, 0, 300));
    assert_eq!(square_cut([0.0, 0.0, 1.0, 1.0], 300, 400, 2.0), (0, 50, 300));
    // A tiny region still makes a usable square.
    assert_eq!(square_cut([0.5, 0.5, 0.001, 0.001], 400, 300, 1.0).2, 16);
    for (w, h) in [(1, 1), (7, 3), (4000, 3000)] {
        for r in [[0.0, 0.0, 1.0, 1.0], [0.9, 0.9, 0.1, 0.1], [0.2, 0.7, 0.3, 0.3]] {
            let (x, y, s) = square_cut(r, w, h, 1.3);
            assert!(s >= 1 && x + s <= w && y + s <= h, "{w}x{h} {r:?}: {x},{y},{s}");
        }
    }
}

#[test]
fn a_picture_is_a_small_square_jpeg_of_the_region() {
    let bytes = fixture("generated_ipad_face.jpg");
    let super::Picture { jpeg, full, square: cut } =
        picture(&bytes, None, &limits(), [0.25, 0.25, 0.5, 0.5], 1.0).expect("picture");
    let img = image::load_from_memory(&jpeg).expect("a JPEG");
    assert_eq!((img.width(), img.height()), (PICTURE_SIDE, PICTURE_SIDE));
    // The face check's copy: the same square at the photo's resolution.
    let whole = image::load_from_memory(&bytes).expect("the photo");
    let big = image::load_from_memory(&full).expect("a JPEG");
    assert_eq!(big.width(), big.height());
    assert_eq!(f64::from(big.width()), (cut[2] * f64::from(whole.width())).round());
    assert!(cut.iter().all(|v| (0.0..=1.0).contains(v)) && cut[0] + cut[2] <= 1.0 && cut[1] + cut[3] <= 1.0);
    assert!(picture(b"not an image", None, &limits(), [0.0, 0.0, 1.0, 1.0], 1.0).is_err());
}

#[test]
fn very_large_photos_are_decoded_big_enough_for_30_px_faces() {
    let faces = crate::config::Faces::default();
    let on = limits().for_faces(&faces);
    // 12 MP: the configured side is enough.
    assert_eq!(on.side_for(4000, 3000), 1920);
    // 48 MP, 8064 px long: a 30 px face must reach the detector at 27 px
    // without enlarging more than 3 times, so at least 0.3 of the side.
    assert_eq!(on.side_for(8064, 6048), 2420);
    assert_eq!(on.side_for(6048, 8064), 2420);
    // Without the face check only the thumbnail counts.
    let off = limits().for_faces(&crate::config::Faces { enabled: false, ..faces });
    assert_eq!(off.side_for(8064, 6048), THUMB_SIDE);
}

/// Mean absolute difference per channel of two images of one size.
#[cfg(any(feature = "heif", feature = "heif-embedded"))]
fn mean_difference(a: &image::RgbImage, b: &image::RgbImage) -> f64 {
    assert_eq!(a.dimensions(), b.dimensions());
    let sum: u64 = a.as_raw().iter().zip(b.as_raw()).map(|(x, y)| u64::from(x.abs_diff(*y))).sum();
    sum as f64 / a.as_raw().len() as f64
}

#[cfg(any(feature = "heif", feature = "heif-embedded"))]
#[test]
fn a_grid_decoded_tile_by_tile_is_libheifs_whole_decode() {
    // 480x640 upright, stored on its side as 5x4 tiles of 128 px (the last
    // row and column cut by the grid's size) and turned back by irot.
    let bytes = fixture("generated_grid_face_irot1.heic");
    let grid = grid::Grid::parse(&bytes).expect("read as a grid");
    assert_eq!(grid.size(), (480, 640));
    assert_eq!(heif::dimensions(&bytes), Some((480, 640)), "the size libheif gives");
    let whole = heif::decode(&bytes, u64::MAX).expect("libheif decodes it").into_rgb8();
    let tiles = |side| grid.decode_within(side, |t| heif::decode(t, u64::MAX)).expect("decodes").into_rgb8();
    // At full size, the same pixels: the same turn, the same colours.
    let full = tiles(640);
    assert!(mean_difference(&full, &whole) < 0.5, "{}", mean_difference(&full, &whole));
    // Shrunk, as near as two ways of shrinking are.
    for side in [320, 97] {
        let small = tiles(side);
        let (w, h) = fit_within(480, 640, side);
        assert_eq!(small.dimensions(), (w, h));
        let reference = resize_rgb(whole.clone(), w, h);
        assert!(mean_difference(&small, &reference) < 3.0, "{side}: {}", mean_difference(&small, &reference));
    }
    // The decode check takes libheif's whole decode for a grid this small
    // (it fits in the working memory); `tests/cli/heic.rs` ingests a large one.
    let a = analyse(&bytes, &limits());
    assert_eq!((a.problem, a.width, a.height), (None, Some(480), Some(640)));
    // The full-size decode (redaction, export) and the tagging screen's
    // view take the tiles' way too, to the same pixels.
    let upright = decode_upright(&bytes, None, &limits()).expect("decodes").into_rgb8();
    assert!(mean_difference(&upright, &whole) < 0.5);
    let view = image::load_from_memory(&screen_view(&bytes, None, &limits()).expect("a view")).expect("a JPEG");
    assert!(mean_difference(&view.to_rgb8(), &whole) < 3.0, "upright, as libheif decodes it");
}

#[cfg(any(feature = "heif", feature = "heif-embedded"))]
#[test]
fn a_grid_cut_short_or_with_a_tile_that_fails_is_corrupt() {
    let bytes = fixture("generated_grid_face_irot1.heic");
    // Cut short: the last tiles' bytes are missing.
    let cut = &bytes[..bytes.len() - 2000];
    assert!(grid::Grid::parse(cut).is_none(), "left to libheif");
    assert_eq!(analyse(cut, &limits()).problem.map(|p| p.0), Some(MediaProblem::Corrupt));
    // A tile the decoder refuses fails the whole, naming the tile.
    let grid = grid::Grid::parse(&bytes).expect("a grid");
    let n = std::sync::atomic::AtomicUsize::new(0);
    let failed = grid.decode_within(100, |t| {
        if n.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 6 {
            Err("bad tile".into())
        } else {
            heif::decode(t, u64::MAX)
        }
    });
    let why = failed.map(|_| ()).expect_err("one tile failed").0;
    assert!(why.starts_with("tile ") && why.ends_with(" of 20: bad tile"), "{why}");
    // A grid naming more tiles than it has is left to libheif, which refuses it.
    let mut short = bytes.clone();
    let idat = short.windows(4).position(|w| w == b"idat").expect("idat") + 4;
    short[idat + 2] += 1; // one more row of tiles
    assert!(grid::Grid::parse(&short).is_none());
    assert_eq!(analyse(&short, &limits()).problem.map(|p| p.0), Some(MediaProblem::Corrupt));
}

#[test]
fn a_jpeg_in_several_scans_is_told_from_one_in_one() {
    let img = image::RgbImage::from_fn(64, 48, |x, y| image::Rgb([x as u8 * 4, y as u8 * 5, 128]));
    // As cameras write it: one interleaved scan.
    let camera = turbo::encode(&img, 80.0).expect("encode");
    assert!(!decode::jpeg_in_scans(&camera));
    // With a second JPEG after its end (a phone's preview), still one.
    let trailed = [camera.clone(), camera.clone()].concat();
    assert!(!decode::jpeg_in_scans(&trailed));
    // Progressive.
    let mut c = mozjpeg::Compress::new(mozjpeg::ColorSpace::JCS_RGB);
    c.set_size(64, 48);
    c.set_progressive_mode();
    let mut c = c.start_compress(Vec::new()).expect("start");
    c.write_scanlines(img.as_raw()).expect("rows");
    assert!(decode::jpeg_in_scans(&c.finish().expect("finish")));
}

/// A repeatable stream of pseudo-random numbers (xorshift64) from `seed`.
fn xorshift(mut seed: u64) -> impl FnMut() -> u64 {
    move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    }
}

/// The grid reader takes any bytes: the fixture with bytes of its header
/// changed at random never panics, in the reader or the tile-by-tile
/// decode (whose tiles are then libheif's to refuse).
#[cfg(any(feature = "heif", feature = "heif-embedded"))]
#[test]
fn a_grid_header_changed_at_random_never_panics() {
    let bytes = fixture("generated_grid_face_irot1.heic");
    let mdat = bytes.windows(4).rposition(|w| w == b"mdat").expect("mdat");
    let mut next = xorshift(0x9E37_79B9_7F4A_7C15);
    let mut read = 0;
    for _ in 0..500 {
        let mut b = bytes.clone();
        for _ in 0..1 + next() % 4 {
            let at = (next() % mdat as u64) as usize;
            b[at] = next() as u8;
        }
        if let Some(g) = grid::Grid::parse(&b) {
            read += 1;
            let _ = g.size();
            let _ = g.decode_within(64, |t| heif::decode(t, 1 << 24));
        }
    }
    assert!(read > 50, "many changes leave a readable grid: {read}");
}

/// The built-in decoder takes any coded data: one-picture fixtures with
/// bytes of their coded units changed at random (parameter sets, slice
/// headers, slice data) never crash it; each comes out decoded, damaged or
/// left to libheif, and the process goes on.
#[cfg(all(feature = "heif", not(feature = "heif-embedded")))]
#[test]
fn a_coded_picture_changed_at_random_never_crashes_the_decoder() {
    // More by hand, in a release build: CONSENTGATE_CHANGES=4000.
    let changes = std::env::var("CONSENTGATE_CHANGES").ok().and_then(|n| n.parse().ok()).unwrap_or(150);
    let seed =
        std::env::var("CONSENTGATE_CHANGES_SEED").ok().and_then(|n| n.parse().ok()).unwrap_or(0x2545_F491_4F6C_DD1D);
    let mut next = xorshift(seed);
    let mut decoded = 0;
    for name in
        ["generated_picture_ctu16_444.heic", "generated_picture_ctu32_10bit_422.heic", "generated_picture_slices.heic"]
    {
        let bytes = fixture(name);
        let picture = grid::Single::parse(&bytes).expect("one coded picture");
        // Where the parameter sets and the coded data sit in the file.
        let base = bytes.as_ptr() as usize;
        let mut spans: Vec<(usize, usize)> =
            picture.data.iter().map(|d| (d.as_ptr() as usize - base, d.len())).collect();
        spans.push((picture.hvcc.as_ptr() as usize - base, picture.hvcc.len()));
        for _ in 0..changes {
            let mut b = bytes.clone();
            for _ in 0..1 + next() % 6 {
                let (start, len) = spans[(next() % spans.len() as u64) as usize];
                // Mostly near the start of a span: the headers.
                let reach = if next().is_multiple_of(2) { len.min(64) } else { len };
                b[start + (next() % reach as u64) as usize] = next() as u8;
            }
            if let Some(p) = grid::Single::parse(&b) {
                if hevc::decode_within(&p, 128).is_ok() {
                    decoded += 1;
                }
            }
        }
    }
    assert!(decoded > 20, "many changes still decode: {decoded}");
}

/// Slices swapped in a picture that hands rows out as decoded: rows are
/// handed out down to the later slice's end before the earlier comes, so the
/// decoder says the blocks are out of order (`first = -1`) and the photo is
/// left to libheif's whole decode, never shrunk from rows that were not
/// the picture's.
#[cfg(all(feature = "heif", not(feature = "heif-embedded")))]
#[test]
fn slices_out_of_order_leave_the_picture_to_libheif() {
    let bytes = fixture("generated_picture_slices.heic");
    let picture = grid::Single::parse(&bytes).expect("one coded picture");
    assert_eq!(picture.data.len(), 1, "one extent");
    let base = bytes.as_ptr() as usize;
    let start = picture.data[0].as_ptr() as usize - base;
    let data = picture.data[0];
    // Its units, each after its 4-byte length.
    let mut units = Vec::new();
    let mut at = 0;
    while at < data.len() {
        let len = u32::from_be_bytes(data[at..at + 4].try_into().unwrap()) as usize;
        units.push(&data[at..at + 4 + len]);
        at += 4 + len;
    }
    assert_eq!(units.len(), 5, "five slices");
    // The third slice before the second: the rows above the third's end
    // are handed out (the second's blank) before the second comes.
    units.swap(1, 2);
    let mut swapped = bytes.clone();
    swapped[start..start + data.len()].copy_from_slice(&units.concat());
    let p = grid::Single::parse(&swapped).expect("one coded picture");
    let Err(hevc::Refused::Elsewhere(why)) = hevc::decode_within(&p, u32::MAX) else { panic!("decoded out of order") };
    assert!(why.contains("order"), "{why}");
    // In order, it decodes.
    assert!(hevc::decode_within(&picture, u32::MAX).is_ok());
}

/// The same comparison as below on any one-picture HEIFs (camera files,
/// generated large ones), named in `CONSENTGATE_COMPARE_HEIFS` (paths
/// separated by `:`): the built-in decoder, handing rows out as decoded,
/// gives libheif's pixels byte for byte. By hand, in a release build:
/// `CONSENTGATE_COMPARE_HEIFS=a.HIF:b.heic cargo test --release --lib
/// compare_heifs -- --ignored --nocapture`.
#[cfg(all(feature = "heif", not(feature = "heif-embedded")))]
#[test]
#[ignore = "by hand, on files named in CONSENTGATE_COMPARE_HEIFS"]
fn compare_heifs_named_in_the_environment_with_libheif() {
    let names = std::env::var("CONSENTGATE_COMPARE_HEIFS").expect("CONSENTGATE_COMPARE_HEIFS names the files");
    for name in names.split(':') {
        let bytes = std::fs::read(name).expect("read");
        let picture = grid::Single::parse(&bytes).expect("one coded picture");
        let whole = decoded_as_libheif_decodes(name, &bytes, &picture);
        println!("{name}: {:?}, the same pixels", whole.dimensions());
    }
}

/// libheif's decode of the file `bytes`, asserted to be, pixel for pixel,
/// its `picture` decoded at full size by libde265 here.
#[cfg(all(feature = "heif", not(feature = "heif-embedded")))]
fn decoded_as_libheif_decodes(name: &str, bytes: &[u8], picture: &grid::Single<'_>) -> image::RgbImage {
    let whole = heif::decode(bytes, u64::MAX).expect("libheif decodes it").into_rgb8();
    let full = hevc::decode_within(picture, u32::MAX).expect("decodes");
    assert_eq!(full.dimensions(), whole.dimensions(), "{name}");
    let worst = full.as_raw().iter().zip(whole.as_raw()).map(|(a, b)| a.abs_diff(*b)).max();
    assert_eq!(worst, Some(0), "{name}: the same pixels");
    whole
}

#[cfg(all(feature = "heif", not(feature = "heif-embedded")))]
#[test]
fn one_coded_picture_read_by_libde265_has_libheifs_pixels() {
    // 8-bit 4:2:0 stored on its side and turned back by irot; 10-bit 4:2:2;
    // 16 and 32 px coding blocks (the built-in decoder filters a row of
    // blocks at a time, and hands it out), 4:4:4; five slices. The last
    // three are noise, for the decoder: a JPEG of noise (the tagging
    // screen's view) is not compared.
    for (name, size, smooth) in [
        ("generated_ipad_face_rotated.heic", (480, 640), true),
        ("generated_picture_10bit_422.heic", (720, 480), true),
        ("generated_picture_ctu16_444.heic", (336, 210), false),
        ("generated_picture_ctu32_10bit_422.heic", (336, 210), false),
        ("generated_picture_slices.heic", (336, 210), false),
    ] {
        let bytes = fixture(name);
        let picture = grid::Single::parse(&bytes).expect("one coded picture");
        assert_eq!((picture.size(), heif::dimensions(&bytes)), (size, Some(size)), "{name}");
        // At full size, libheif's own pixels: the same samples from the same
        // libde265, converted by the same formula, turned the same way.
        let whole = decoded_as_libheif_decodes(name, &bytes, &picture);
        // Shrunk as the rows arrive, as near as two ways of shrinking are.
        let small = hevc::decode_within(&picture, 200).expect("decodes");
        let (w, h) = fit_within(size.0, size.1, 200);
        assert_eq!(small.dimensions(), (w, h));
        let reference = resize_rgb(whole.clone(), w, h);
        assert!(mean_difference(&small, &reference) < 3.0, "{name}: {}", mean_difference(&small, &reference));
        // Redaction and export (full size) and the tagging screen's view
        // take this way for every such picture, to the same pixels.
        let upright = decode_upright(&bytes, None, &limits()).expect("decodes").into_rgb8();
        assert_eq!(upright.as_raw(), whole.as_raw(), "{name}");
        let view = image::load_from_memory(&screen_view(&bytes, None, &limits()).expect("a view")).expect("a JPEG");
        let off = mean_difference(&view.to_rgb8(), &whole);
        assert!(off < 3.0 || !smooth, "{name}: upright, as libheif decodes it ({off})");
    }
}

#[cfg(all(feature = "heif", not(feature = "heif-embedded")))]
#[test]
fn a_coded_picture_larger_than_its_declared_size_is_damaged_and_decoded_by_nothing() {
    // The container says 320x240; the coded stream is 640x480. libde265
    // allocates what the stream describes (libheif checks the container
    // only): such a photo is damaged, and no decoder is given it, whichever
    // way it would have been decoded.
    let mut bytes = fixture("generated_ipad_face_rotated.heic");
    let ispe = bytes.windows(4).position(|w| w == b"ispe").expect("ispe") + 8;
    assert_eq!(&bytes[ispe..ispe + 8], &[0, 0, 2, 128, 0, 0, 1, 224], "640x480");
    bytes[ispe..ispe + 8].copy_from_slice(&[0, 0, 1, 64, 0, 0, 0, 240]);
    let picture = grid::Single::parse(&bytes).expect("one coded picture");
    assert_eq!(picture.size(), (240, 320));
    let Err(hevc::Refused::Damaged(why)) = hevc::decode_within(&picture, u32::MAX) else { panic!("not refused") };
    assert_eq!(why, "its coded picture (640x480) is larger than the 320x240 it declares");
    let a = analyse(&bytes, &limits());
    assert_eq!(a.problem, Some((MediaProblem::Corrupt, why.clone())), "the decode check (libheif's way: small)");
    assert_eq!(decode_upright(&bytes, None, &limits()).map(|_| ()).map_err(|e| e.0), Err(why), "export");
    // Declared turned (as libheif 1.14 and 1.15 write a turned photo's
    // size): not damaged; libheif decodes it, as before.
    bytes[ispe..ispe + 8].copy_from_slice(&[0, 0, 1, 224, 0, 0, 2, 128]);
    let picture = grid::Single::parse(&bytes).expect("one coded picture");
    assert_eq!(hevc::oversized(&picture), None);
    let libheif = heif::decode(&bytes, u64::MAX).map(|i| (i.width(), i.height())).map_err(|e| e.0);
    let upright = decode_upright(&bytes, None, &limits()).map(|i| (i.width(), i.height())).map_err(|e| e.0);
    assert_eq!(upright, libheif);
}

/// What libde265 would read of a unit, and what this way lets through: the
/// stuffing bytes go from the unit's first byte as libde265 removes them,
/// and only one intra picture with one set of parameters is decoded here.
#[cfg(all(feature = "heif", not(feature = "heif-embedded")))]
#[test]
fn only_one_intra_picture_is_decoded_by_libde265_here() {
    // Emulation prevention: 00 00 03 loses its 03, from the first byte on.
    assert_eq!(hevc::unstuffed(&[0x42, 0x01, 0, 0, 3, 1, 0, 0, 3]), [0x42, 0x01, 0, 0, 1, 0, 0]);
    assert_eq!(hevc::unstuffed(&[0, 0, 3, 0x42]), [0, 0, 0x42], "a header made of stuffing");
    let bytes = fixture("generated_ipad_face_rotated.heic");
    let picture = grid::Single::parse(&bytes).expect("one coded picture");
    let units = hevc::vet(&picture).expect("one intra picture");
    let kinds: Vec<u8> = units.iter().map(|u| u[0] >> 1 & 0x3f).collect();
    assert_eq!(&kinds[..3], &[32, 33, 34], "VPS, SPS, PPS from the configuration");
    assert!(kinds[3..].iter().all(|k| [19, 20].contains(k) || (35..=40).contains(k)), "{kinds:?}");
    // The same picture's slice marked as another kind (trailing, which
    // would need pictures before it), or in another layer: left to libheif.
    let slice = units.iter().find(|u| [19, 20].contains(&(u[0] >> 1 & 0x3f))).expect("a slice");
    let at = bytes.windows(slice.len().min(32)).position(|w| w == &slice[..slice.len().min(32)]).expect("in the file");
    // A CRA picture (21) would be given stand-ins for its references too.
    let cra = 21 << 1;
    for (byte, value, why) in [
        (0, 1 << 1, "not part of one intra picture"),
        (0, cra, "not part of one intra picture"),
        (1, 0x09, "another layer"),
    ] {
        let mut changed = bytes.clone();
        changed[at + byte] = value;
        let p = grid::Single::parse(&changed).expect("parses");
        let Err(hevc::Refused::Elsewhere(said)) = hevc::vet(&p) else { panic!("{why}: let through") };
        assert!(said.contains(why), "{said}");
        // libheif decodes it, or says why not, as before.
        let libheif = heif::decode(&changed, u64::MAX).map(|i| (i.width(), i.height())).map_err(|e| e.0);
        let upright = decode_upright(&changed, None, &limits()).map(|i| (i.width(), i.height())).map_err(|e| e.0);
        assert_eq!(upright, libheif, "{why}");
    }
}

#[cfg(all(feature = "heif", not(feature = "heif-embedded")))]
#[test]
fn limited_range_samples_are_stretched_as_libheif_stretches_them() {
    // BT.601 (matrix 6), limited range: black at 16 and white at 235 in
    // 8 bits, 64 and 940 in 10 (kept to 8 bits by dropping the lowest two).
    let eight = hevc::Colour::new(6, false, 8);
    assert_eq!(eight.rgb(16, 128, 128), [0, 0, 0]);
    assert_eq!(eight.rgb(235, 128, 128), [255, 255, 255]);
    assert_eq!(eight.rgb(126, 128, 128), [129, 129, 129], "(126 - 16) x 1.1689 = 128.6");
    let ten = hevc::Colour::new(6, false, 10);
    assert_eq!(ten.rgb(64, 512, 512), [0, 0, 0]);
    assert_eq!(ten.rgb(940, 512, 512), [255, 255, 255]);
    // Full range BT.709 (matrix 1): pure red's Cr lifts red, lowers green.
    let bt709 = hevc::Colour::new(1, true, 8);
    // R = 54 + 1.5748 x 127 = 254.0; G = 54 + 0.1873 x 29 - 0.4681 x 127 = -0.02;
    // B = 54 - 1.8556 x 29 = 0.19.
    assert_eq!(bt709.rgb(54, 99, 255), [254, 0, 0]);
}

/// A PNG read a row at a time (`png_rows`, for large ones) gives what the
/// whole decode shrunk gives, as near as two ways of shrinking are, in
/// every colour type: grey, grey and alpha, RGB, RGBA, 16-bit, a palette,
/// 1-bit grey. A PNG cut short is an error, not a picture (interlaced
/// ones: `png_rows`'s own tests).
#[test]
fn a_png_read_a_row_at_a_time_is_the_whole_decode_shrunk() {
    let photo = image::load_from_memory(&fixture("generated_ipad_face.jpg")).expect("face").to_rgb8();
    let photo = resize_rgb(photo, 600, 400);
    let (w, h) = photo.dimensions();
    let encode = |color: png::ColorType, depth: png::BitDepth, data: &[u8], palette: Option<Vec<u8>>| {
        let mut out = Vec::new();
        let mut e = png::Encoder::new(&mut out, w, h);
        e.set_color(color);
        e.set_depth(depth);
        if let Some(p) = palette {
            e.set_palette(p);
        }
        e.write_header().expect("header").write_image_data(data).expect("data");
        out
    };
    let rgb = photo.as_raw();
    let grey: Vec<u8> =
        rgb.chunks(3).map(|p| ((u16::from(p[0]) + u16::from(p[1]) + u16::from(p[2])) / 3) as u8).collect();
    let with_alpha = |px: &[u8]| {
        px.chunks(px.len() / (w * h) as usize).flat_map(|p| p.iter().copied().chain([128])).collect::<Vec<u8>>()
    };
    let wide: Vec<u8> = rgb.iter().flat_map(|&v| [v, v]).collect();
    // A palette of the 216 web colours, each pixel its nearest.
    let palette: Vec<u8> =
        (0..216u32).flat_map(|i| [i / 36 * 51, i / 6 % 6 * 51, i % 6 * 51].map(|v| v as u8)).collect();
    let nearest = |v: u8| (u32::from(v) + 25) / 51;
    let indexed: Vec<u8> =
        rgb.chunks(3).map(|p| (nearest(p[0]) * 36 + nearest(p[1]) * 6 + nearest(p[2])) as u8).collect();
    let bits: Vec<u8> = grey
        .chunks(w as usize)
        .flat_map(|row| {
            row.chunks(8).map(|c| c.iter().enumerate().fold(0u8, |b, (i, &v)| b | (u8::from(v > 127) << (7 - i))))
        })
        .collect();
    use png::{BitDepth::*, ColorType::*};
    let cases = [
        ("grey", encode(Grayscale, Eight, &grey, None)),
        ("grey and alpha", encode(GrayscaleAlpha, Eight, &with_alpha(&grey), None)),
        ("RGB", encode(Rgb, Eight, rgb, None)),
        ("RGBA", encode(Rgba, Eight, &with_alpha(rgb), None)),
        ("16-bit RGB", encode(Rgb, Sixteen, &wide, None)),
        ("a palette", encode(Indexed, Eight, &indexed, Some(palette))),
        ("1-bit grey", encode(Grayscale, One, &bits, None)),
    ];
    let out = (300, 200);
    for (what, bytes) in &cases {
        assert!(png_rows::share(bytes, (w, h), out).is_some(), "{what}");
        let whole = image::load_from_memory(bytes).expect(what).into_rgb8();
        // At full size, the whole decode's pixels (16-bit samples are cut
        // to 8 bits, where the whole decode rounds: at most 1 apart).
        let full = png_rows::decode_within(bytes, (w, h), (w, h)).expect(what);
        let worst = full.as_raw().iter().zip(whole.as_raw()).map(|(a, b)| a.abs_diff(*b)).max();
        assert!(worst <= Some(1), "{what}: {worst:?}");
        // Shrunk, as near as two ways of shrinking are (black and white
        // dots differ most).
        let rows = png_rows::decode_within(bytes, (w, h), out).expect(what);
        let d = mean_difference(&rows, &resize_rgb(whole, out.0, out.1));
        assert!(d < if *what == "1-bit grey" { 6.0 } else { 3.0 }, "{what}: {d}");
    }
    assert!(png_rows::share(&cases[2].1, (w, h + 1), out).is_none(), "another size");
    let cut = &cases[2].1[..cases[2].1.len() * 2 / 3];
    assert!(png_rows::decode_within(cut, (w, h), out).is_err(), "cut short");
}
