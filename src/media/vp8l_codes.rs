//! The bit reader and prefix codes of a lossless WebP (VP8L, RFC 9649):
//! bits least significant first, canonical prefix codes read a code's first
//! bit first (as DEFLATE's), looked up in a table of 8 bits and second-level
//! tables for longer codes.

use super::DecodeError;

/// Reads a byte slice least significant bit first.
pub(super) struct Bits<'a> {
    data: &'a [u8],
    /// The next byte not yet in `buf`.
    at: usize,
    /// Bits read ahead: the low `have` are the next ones; those above are
    /// the file's following bits, or zero.
    buf: u64,
    have: u32,
    /// More bits were taken than the file has: it was cut.
    pub(super) past_end: bool,
}

impl<'a> Bits<'a> {
    pub(super) fn new(data: &'a [u8]) -> Bits<'a> {
        Bits { data, at: 0, buf: 0, have: 0, past_end: false }
    }

    /// At least 56 bits ahead, unless the file ends first.
    #[inline]
    pub(super) fn refill(&mut self) {
        if self.have >= 56 {
            return;
        }
        if let Some(next) = self.data.get(self.at..self.at + 8) {
            // The bytes beyond the whole ones taken are the same bytes the
            // next refill puts there, so or-ing them in early changes nothing.
            let word = u64::from_le_bytes(next.try_into().unwrap_or([0; 8]));
            self.buf |= word << self.have;
            let whole = (63 - self.have) / 8;
            self.at += whole as usize;
            self.have += whole * 8;
        } else {
            while self.have <= 56 && self.at < self.data.len() {
                self.buf |= u64::from(self.data[self.at]) << self.have;
                self.at += 1;
                self.have += 8;
            }
        }
    }

    /// The next bits, without taking them (after a refill).
    #[inline]
    fn peek(&self) -> u64 {
        self.buf
    }

    #[inline]
    fn skip(&mut self, n: u32) {
        if n > self.have {
            self.past_end = true;
            self.buf = 0;
            self.have = 0;
        } else {
            self.buf >>= n;
            self.have -= n;
        }
    }

    /// The next `n` (at most 32) bits as a number.
    #[inline]
    pub(super) fn read(&mut self, n: u32) -> u32 {
        self.refill();
        let v = (self.buf & ((1u64 << n) - 1)) as u32;
        self.skip(n);
        v
    }
}

/// A table entry: a symbol (or a second-level table's start) in the low 16
/// bits, a code length (or the second-level table's bits) above, and
/// `LINK` on an entry that points to a second-level table.
const LINK: u32 = 1 << 31;
/// Bits looked up at once; longer codes take a second lookup.
const ROOT: u32 = 8;

/// One prefix code, ready to read symbols with.
pub(super) struct Code {
    table: Vec<u32>,
    root: u32,
}

impl Code {
    /// The entries the code's tables hold (for the memory they take).
    pub(super) fn entries(&self) -> usize {
        self.table.len()
    }

    /// The code of these code lengths (one per symbol, 0 for an unused
    /// one). A code of one symbol takes no bits; otherwise the lengths must
    /// make a complete code (as libwebp requires), or the file is damaged.
    pub(super) fn new(lengths: &[u8]) -> Result<Code, DecodeError> {
        let mut count = [0u32; 16];
        for &l in lengths {
            count[usize::from(l)] += 1;
        }
        let used = lengths.len() as u32 - count[0];
        if used == 0 {
            return Err("a prefix code has no symbols".into());
        }
        if used == 1 {
            let symbol = lengths.iter().position(|&l| l > 0).unwrap_or(0) as u32;
            return Ok(Code { table: vec![symbol], root: 0 });
        }
        let mut open = 1i64;
        for &c in &count[1..] {
            open = open * 2 - i64::from(c);
            if open < 0 {
                return Err("a prefix code has more codes than its lengths allow".into());
            }
        }
        if open != 0 {
            return Err("a prefix code is incomplete".into());
        }
        let longest = (1..16).rev().find(|&l| count[l] > 0).unwrap_or(1) as u32;
        let root = longest.min(ROOT);
        // The first code of each length, as DEFLATE assigns them.
        let mut next = [0u32; 16];
        let mut code = 0u32;
        for len in 1..16 {
            code = (code + if len > 1 { count[len - 1] } else { 0 }) << 1;
            next[len] = code;
        }
        let codes: Vec<(u32, u32, u32)> = lengths
            .iter()
            .enumerate()
            .filter(|(_, &l)| l > 0)
            .map(|(symbol, &l)| {
                let len = u32::from(l);
                let c = next[l as usize];
                next[l as usize] += 1;
                (symbol as u32, len, c.reverse_bits() >> (32 - len))
            })
            .collect();
        // Codes longer than the root: the longest under each root prefix
        // sizes that prefix's second-level table. The tables are one
        // allocation of exactly their size.
        let mut deepest = vec![0u32; 1 << root];
        for &(_, len, reversed) in codes.iter().filter(|c| c.1 > root) {
            let prefix = (reversed & ((1 << root) - 1)) as usize;
            deepest[prefix] = deepest[prefix].max(len - root);
        }
        let size = (1usize << root) + deepest.iter().filter(|&&b| b > 0).map(|&b| 1usize << b).sum::<usize>();
        let mut table = vec![0u32; size];
        let mut next_table = 1 << root;
        for (prefix, &bits) in deepest.iter().enumerate() {
            if bits > 0 {
                table[prefix] = LINK | bits << 16 | next_table as u32;
                next_table += 1 << bits;
            }
        }
        for &(symbol, len, reversed) in codes.iter().filter(|c| c.1 <= root) {
            for i in (reversed as usize..1 << root).step_by(1 << len) {
                table[i] = symbol | len << 16;
            }
        }
        for &(symbol, len, reversed) in &codes {
            if len > root {
                let link = table[(reversed & ((1 << root) - 1)) as usize];
                let (start, bits) = ((link & 0xffff) as usize, (link >> 16) & 0xff);
                let step = 1 << (len - root);
                for i in ((reversed >> root) as usize..1 << bits).step_by(step) {
                    table[start + i] = symbol | (len - root) << 16;
                }
            }
        }
        Ok(Code { table, root })
    }

    /// Reads one symbol (at most 15 bits: two reads per refill).
    #[inline]
    pub(super) fn read(&self, bits: &mut Bits) -> u32 {
        let ahead = bits.peek();
        let e = self.table[(ahead & ((1 << self.root) - 1)) as usize];
        if e & LINK == 0 {
            bits.skip((e >> 16) & 0xff);
            return e & 0xffff;
        }
        let sub = (e >> 16) & 0xff;
        let e2 = self.table[(e & 0xffff) as usize + ((ahead >> self.root) & ((1 << sub) - 1)) as usize];
        bits.skip(self.root + ((e2 >> 16) & 0xff));
        e2 & 0xffff
    }
}

/// The order code-length code lengths come in.
const LENGTH_ORDER: [usize; 19] = [17, 18, 0, 1, 2, 3, 4, 5, 16, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];

/// Reads a prefix code of `symbols` symbols: simple (one or two symbols
/// given outright) or normal (code lengths, themselves prefix coded).
pub(super) fn read_code(bits: &mut Bits, symbols: usize) -> Result<Code, DecodeError> {
    let mut lengths = vec![0u8; symbols];
    if bits.read(1) == 1 {
        let two = bits.read(1) == 1;
        let first = if bits.read(1) == 1 { bits.read(8) } else { bits.read(1) };
        // A symbol beyond the alphabet counts for nothing, as in libwebp.
        if let Some(l) = lengths.get_mut(first as usize) {
            *l = 1;
        }
        if two {
            if let Some(l) = lengths.get_mut(bits.read(8) as usize) {
                *l = 1;
            }
        }
    } else {
        let mut of_lengths = [0u8; 19];
        for &i in &LENGTH_ORDER[..bits.read(4) as usize + 4] {
            of_lengths[i] = bits.read(3) as u8;
        }
        let length_code = Code::new(&of_lengths)?;
        let mut left = if bits.read(1) == 1 {
            let n = 2 + 2 * bits.read(3);
            let most = 2 + bits.read(n) as usize;
            if most > symbols {
                return Err("a prefix code has more code lengths than symbols".into());
            }
            most
        } else {
            symbols
        };
        let (mut symbol, mut previous) = (0, 8u8);
        while symbol < symbols && left > 0 {
            left -= 1;
            bits.refill();
            let l = length_code.read(bits);
            if l < 16 {
                lengths[symbol] = l as u8;
                symbol += 1;
                if l != 0 {
                    previous = l as u8;
                }
                continue;
            }
            let (extra, least, value) = match l {
                16 => (2, 3, previous),
                17 => (3, 3, 0),
                _ => (7, 11, 0),
            };
            let repeat = bits.read(extra) as usize + least;
            let run = lengths.get_mut(symbol..symbol + repeat).ok_or("a code length repeats past the alphabet")?;
            run.fill(value);
            symbol += repeat;
        }
    }
    if bits.past_end {
        return Err("the file ends inside a prefix code".into());
    }
    Code::new(&lengths)
}

/// A length or distance from its prefix symbol and extra bits.
#[inline]
pub(super) fn prefixed(symbol: u32, bits: &mut Bits) -> usize {
    if symbol < 4 {
        return symbol as usize + 1;
    }
    let extra = (symbol - 2) >> 1;
    let offset = (2 + (symbol & 1)) << extra;
    (offset + bits.read(extra) + 1) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bits in the order they are read, packed least significant first.
    fn packed(bits: &[u8]) -> Vec<u8> {
        let mut out = vec![0u8; bits.len().div_ceil(8) + 8];
        for (i, &b) in bits.iter().enumerate() {
            out[i / 8] |= b << (i % 8);
        }
        out
    }

    /// A complete code of lengths 1, 2, 3, 3 reads its canonical codes 0,
    /// 10, 110, 111 (first bit first); a code of one symbol takes no bits;
    /// an incomplete or oversubscribed code is refused.
    #[test]
    fn canonical_codes_read_back() {
        let code = Code::new(&[3, 1, 0, 2, 3]).unwrap();
        let stream = packed(&[0, 1, 0, 1, 1, 0, 1, 1, 1]);
        let mut bits = Bits::new(&stream);
        let read: Vec<u32> = (0..4)
            .map(|_| {
                bits.refill();
                code.read(&mut bits)
            })
            .collect();
        assert_eq!(read, [1, 3, 0, 4]);
        let one = Code::new(&[0, 0, 7]).unwrap();
        let mut bits = Bits::new(&stream);
        bits.refill();
        assert_eq!(one.read(&mut bits), 2);
        assert_eq!(bits.read(2), 2, "nothing was taken");
        assert!(Code::new(&[1, 2, 0]).is_err(), "incomplete");
        assert!(Code::new(&[1, 1, 1]).is_err(), "oversubscribed");
        assert!(Code::new(&[0, 0]).is_err(), "empty");
    }

    /// Codes longer than the root table: 15-bit codes read through the
    /// second-level tables, each symbol back in order.
    #[test]
    fn long_codes_read_back() {
        // Lengths 1, 2, ..., 14, 15, 15: complete.
        let lengths: Vec<u8> = (1..=15).chain([15]).collect();
        let code = Code::new(&lengths).unwrap();
        let mut stream = Vec::new();
        for (symbol, &len) in lengths.iter().enumerate() {
            // Canonical: symbol s < 15 is s ones and a zero, the last 15 ones.
            let mut c = vec![1u8; symbol];
            if symbol < 15 {
                c.push(0);
            }
            assert_eq!(c.len(), usize::from(len));
            stream.extend(c);
        }
        let data = packed(&stream);
        let mut bits = Bits::new(&data);
        for symbol in 0..lengths.len() as u32 {
            bits.refill();
            assert_eq!(code.read(&mut bits), symbol);
        }
        assert!(!bits.past_end);
    }

    /// Reading past the end is noticed, never a panic.
    #[test]
    fn reading_past_the_end_is_noticed() {
        let mut bits = Bits::new(&[0xff, 0x01]);
        assert_eq!(bits.read(9), 0x1ff);
        assert!(!bits.past_end);
        bits.read(8);
        assert!(bits.past_end);
    }
}
