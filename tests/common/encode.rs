//! Encoders the tests need that the image crate has not, or not in one
//! call: PNGs deflated fast, interlaced PNGs, TIFFs in strips of a chosen
//! height, lossy and lossless WebPs.

/// `rgb` (`w` x `h` pixels) as an 8-bit RGB PNG, deflated fast with the
/// filter `filter`.
pub fn png(rgb: &[u8], w: u32, h: u32, filter: image::codecs::png::FilterType) -> Vec<u8> {
    use image::ImageEncoder;
    let mut png = Vec::new();
    image::codecs::png::PngEncoder::new_with_quality(&mut png, image::codecs::png::CompressionType::Fast, filter)
        .write_image(rgb, w, h, image::ExtendedColorType::Rgb8)
        .expect("png");
    png
}

/// `img` as an interlaced (Adam7) RGB PNG: each pass's rows, each with
/// filter type 0, deflated; the chunks with their CRCs.
pub fn interlaced_png(img: &image::RgbImage) -> Vec<u8> {
    use std::io::Write;
    let (w, h) = img.dimensions();
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    let mut row = Vec::new();
    for (x0, y0, dx, dy) in
        [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
    {
        if x0 >= w || y0 >= h {
            continue;
        }
        for y in (y0..h).step_by(dy) {
            row.clear();
            row.push(0);
            (x0..w).step_by(dx).for_each(|x| row.extend_from_slice(&img.get_pixel(x, y).0));
            z.write_all(&row).expect("deflate");
        }
    }
    let idat = z.finish().expect("deflate");
    let mut ihdr = [w.to_be_bytes(), h.to_be_bytes()].concat();
    ihdr.extend_from_slice(&[8, 2, 0, 0, 1]); // 8-bit RGB, interlaced
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    for (kind, data) in [(b"IHDR", &ihdr[..]), (b"IDAT", &idat[..]), (b"IEND", &[][..])] {
        png.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut crc = flate2::Crc::new();
        crc.update(kind);
        crc.update(data);
        png.extend_from_slice(kind);
        png.extend_from_slice(data);
        png.extend_from_slice(&crc.sum().to_be_bytes());
    }
    png
}

/// `img` as an RGB TIFF deflated in strips of `rows` rows.
pub fn tiff_in_strips(img: &image::RgbImage, rows: u32) -> Vec<u8> {
    use tiff::encoder::{colortype::RGB8, Compression, DeflateLevel, TiffEncoder};
    let mut tif = std::io::Cursor::new(Vec::new());
    let mut encoder =
        TiffEncoder::new(&mut tif).expect("tiff").with_compression(Compression::Deflate(DeflateLevel::Fast));
    let mut image = encoder.new_image::<RGB8>(img.width(), img.height()).expect("tiff");
    image.rows_per_strip(rows).expect("strips");
    image.write_data(img.as_raw()).expect("encode");
    tif.into_inner()
}

/// `img` as a lossy WebP (quality 90), by libwebp.
pub fn lossy_webp(img: &image::RgbImage) -> Vec<u8> {
    use libwebp_sys as webp;
    let (w, h) = (img.width() as i32, img.height() as i32);
    let mut coded = std::ptr::null_mut();
    // SAFETY: libwebp reads the image's rows (w * 3 bytes apart) and hands
    // back a buffer of `len` bytes of its own, copied and freed here.
    let len = unsafe { webp::WebPEncodeRGB(img.as_ptr(), w, h, w * 3, 90.0, &mut coded) };
    assert!(len > 0 && !coded.is_null(), "libwebp encodes the picture");
    // SAFETY: as above.
    let bytes = unsafe { std::slice::from_raw_parts(coded, len) }.to_vec();
    unsafe { webp::WebPFree(coded.cast()) };
    bytes
}

/// `img` as a lossless WebP by libwebp, at its quickest effort (method 0,
/// as a camera app or a quick export writes it).
pub fn lossless_webp(img: &image::RgbImage) -> Vec<u8> {
    use libwebp_sys as webp;
    let (w, h) = (img.width() as i32, img.height() as i32);
    let mut config = webp::WebPConfig::new().expect("libwebp's config");
    config.lossless = 1;
    config.method = 0;
    config.quality = 0.0;
    let mut picture = webp::WebPPicture::new().expect("libwebp's picture");
    picture.use_argb = 1;
    picture.width = w;
    picture.height = h;
    let mut writer = std::mem::MaybeUninit::<webp::WebPMemoryWriter>::zeroed();
    // SAFETY: libwebp copies the image's rows (w * 3 bytes apart) into the
    // picture and writes the coded file into the memory writer; its buffer
    // is copied out, then freed with the picture's.
    unsafe {
        webp::WebPMemoryWriterInit(writer.as_mut_ptr());
        assert!(webp::WebPPictureImportRGB(&mut picture, img.as_ptr(), w * 3) != 0, "libwebp takes the picture");
        picture.writer = Some(webp::WebPMemoryWrite);
        picture.custom_ptr = writer.as_mut_ptr().cast();
        assert!(webp::WebPEncode(&config, &mut picture) != 0, "libwebp encodes: {:?}", picture.error_code);
        let writer = writer.assume_init_mut();
        let bytes = std::slice::from_raw_parts(writer.mem, writer.size).to_vec();
        webp::WebPMemoryWriterClear(writer);
        webp::WebPPictureFree(&mut picture);
        bytes
    }
}
