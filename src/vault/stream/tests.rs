use super::*;

/// A fault a test injects into the writing of one piece (counted from 1).
#[derive(Clone, Copy, Debug)]
pub(super) enum Fault {
    None,
    /// The direct write of this piece is refused; if `partial`, after
    /// half of it has been written (as a short write would leave it).
    Refused {
        piece: usize,
        partial: bool,
    },
    /// The disk is full at this piece.
    Full {
        piece: usize,
    },
}

impl Fault {
    pub(super) fn inject(&self, n: usize, direct: Option<&File>, piece: &[u8], at: u64) -> Option<io::Error> {
        use std::os::unix::fs::FileExt;
        match *self {
            Fault::Refused { piece: p, partial } if p == n => {
                if let (true, Some(d)) = (partial, direct) {
                    d.write_all_at(&piece[..piece.len() / 2 / ALIGN * ALIGN], at).expect("half, directly");
                }
                Some(io::Error::from_raw_os_error(libc::EINVAL))
            }
            Fault::Full { piece: p } if p == n => Some(io::Error::from_raw_os_error(libc::ENOSPC)),
            _ => None,
        }
    }
}

fn data(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 13 % 251) as u8).collect()
}

/// Seals `data` with `fault`, directly or not, and reads it back.
fn round_trip(data: &[u8], direct: bool, fault: Fault) -> io::Result<Vec<u8>> {
    let dir = tempfile::tempdir_in(env!("CARGO_MANIFEST_DIR")).expect("tempdir");
    let id = x25519::Identity::generate();
    let (tmp, hash, total) = seal_with(&[id.to_public()], &mut &data[..], dir.path(), |file| {
        let mut o = Output::new(file, direct);
        o.fault = fault;
        o
    })?;
    assert_eq!((total, hash), (data.len() as u64, hex::encode(Sha256::digest(data))));
    super::super::open(tmp.path(), &id)
}

/// Plaintext lengths whose age file is exactly `size` bytes long, with
/// one X25519 recipient.
fn plain_for_file_of(size: usize) -> usize {
    let head = prelude(&[x25519::Identity::generate().to_public()]).expect("prelude").bytes.len();
    let file = |p: usize| head + p + TAG * p.div_ceil(CHUNK).max(1);
    (0..size).rev().find(|&p| file(p) == size).expect("a length that fits")
}

/// Past the page cache and through it, the same file comes back: sizes
/// around age's 64 KiB chunks, the 1 MiB blocks and the 2 MiB pieces
/// written, and files of exactly a page, one piece and two pieces (the
/// tail written through the cache is then empty).
#[test]
fn direct_and_cached_writes_read_back_the_same() {
    let here = tempfile::tempdir_in(env!("CARGO_MANIFEST_DIR")).expect("tempdir");
    let probe = tempfile::tempfile_in(here.path()).expect("probe");
    assert!(open_direct(&probe).is_some(), "direct writes are offered here, so both ways are tested");
    let (k, m) = (CHUNK, CHUNKS * CHUNK);
    let exact = [plain_for_file_of(ALIGN), plain_for_file_of(STAGE), plain_for_file_of(2 * STAGE)];
    for len in [0, 4096, k, 2 * m - 1, 2 * m, STAGE + 1, 3 * STAGE + 7].into_iter().chain(exact) {
        let data = data(len);
        for direct in [true, false] {
            let back = round_trip(&data, direct, Fault::None).expect("seal");
            assert!(back == data, "{len} bytes, direct {direct}");
        }
    }
}

/// A direct write refused at the first or a later piece, before or
/// after a short write: the piece is written again through the page
/// cache and the file comes back whole.
#[test]
fn a_refused_direct_write_goes_through_the_cache_instead() {
    let data = data(3 * STAGE + 12_345);
    for piece in [1, 2] {
        for partial in [false, true] {
            let back = round_trip(&data, true, Fault::Refused { piece, partial }).expect("seal");
            assert!(back == data, "refused at piece {piece}, partial {partial}");
        }
    }
}

/// A full disk fails the seal with its own error, directly or not, and
/// leaves no temporary file.
#[test]
fn a_full_disk_fails_the_seal_with_its_own_error() {
    let id = x25519::Identity::generate();
    for direct in [true, false] {
        let dir = tempfile::tempdir_in(env!("CARGO_MANIFEST_DIR")).expect("tempdir");
        let data = data(3 * STAGE);
        let err = seal_with(&[id.to_public()], &mut &data[..], dir.path(), |file| {
            let mut o = Output::new(file, direct);
            o.fault = Fault::Full { piece: 2 };
            o
        })
        .expect_err("a full disk");
        assert_eq!(err.raw_os_error(), Some(libc::ENOSPC), "{err}");
        assert_eq!(std::fs::read_dir(dir.path()).expect("ls").count(), 0, "no temporary file left");
    }
}

/// Stanza bodies of every shape read back by age's own parser: empty,
/// shorter than a line, exactly one and two lines (then an empty line
/// ends them), and more.
#[test]
fn stanzas_are_wrapped_as_age_reads_them() {
    for len in [0usize, 1, 32, 47, 48, 49, 96, 100] {
        let body: Vec<u8> = (0..len).map(|i| i as u8).collect();
        let mut out = Vec::new();
        write_stanza(&mut out, "X25519", &["arg1".into(), "arg2".into()], &body);
        let (rest, s) = age_core::format::read::age_stanza(&out).expect("parses");
        assert!(rest.is_empty(), "{len}: {rest:?}");
        assert_eq!((s.body(), s.tag, s.args), (body, "X25519", vec!["arg1", "arg2"]), "{len}");
    }
}

#[test]
fn no_recipients_is_refused() {
    assert!(prelude(&[]).is_err());
}

/// A header like age's own: the version line, one stanza per recipient
/// with its body in lines of at most 64 columns, the MAC line.
#[test]
fn the_header_has_a_stanza_per_recipient_and_a_mac() {
    let ids: Vec<_> = (0..3).map(|_| x25519::Identity::generate()).collect();
    let p = prelude(&ids.iter().map(|i| i.to_public()).collect::<Vec<_>>()).expect("prelude");
    let end = p.bytes.windows(4).position(|w| w == b"--- ").expect("mac line") + 4;
    let text = std::str::from_utf8(&p.bytes[..end + 43 + 1]).expect("text");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "age-encryption.org/v1");
    assert_eq!(lines.iter().filter(|l| l.starts_with("-> X25519 ")).count(), 3);
    assert!(lines.iter().all(|l| l.len() <= 64 || l.starts_with("-> ")), "{text}");
    assert!(lines.last().expect("mac").starts_with("--- "));
    assert_eq!(p.bytes.len(), end + 43 + 1 + 16, "the nonce follows the header");
}

#[test]
fn chunk_nonces_count_big_endian_and_flag_the_last() {
    let bytes = |n: Nonce| *n.as_ref();
    assert_eq!(bytes(chunk_nonce(0, false)), [0; 12]);
    assert_eq!(bytes(chunk_nonce(1, true)), [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1]);
    assert_eq!(bytes(chunk_nonce(0x0102, false))[9..], [1, 2, 0]);
}
