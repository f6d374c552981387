//! SQLite's `NOCASE` collation, compared a word at a time.
//!
//! Every index of a site database leads with `Hostname COLLATE NOCASE`
//! (and `Interfaces` adds `Port COLLATE NOCASE`), so each row a device
//! write inserts compares its key with a dozen keys on the way down each
//! index, and most of those comparisons run the length of an equal
//! hostname. SQLite's own `NOCASE` folds and compares byte by byte; on a
//! first ingest that came to about 5% of the run's instructions.
//!
//! [`install`] replaces `NOCASE` on a writer's connection with [`compare`],
//! which orders every pair of strings exactly as SQLite's does (a property
//! test checks it against SQLite's own on arbitrary bytes), so an index is
//! the same whichever connection wrote it, and readers and other tools,
//! which keep the built-in collation, find every row where they expect.

use rusqlite::{ffi, Connection};
use std::ffi::{c_int, c_void};
use std::ptr;

/// Replaces `NOCASE` on `conn` with [`compare`]. Call it before preparing
/// statements: SQLite expires those prepared under the old collation.
pub(crate) fn install(conn: &Connection) -> rusqlite::Result<()> {
    // SAFETY: the handle is the open connection `conn` owns; the name is a
    // NUL-terminated literal; the callback is a plain function with no
    // context (null user data, no destructor), valid for the whole process.
    let rc = unsafe {
        ffi::sqlite3_create_collation_v2(
            conn.handle(),
            c"NOCASE".as_ptr(),
            ffi::SQLITE_UTF8,
            ptr::null_mut(),
            Some(collate),
            None,
        )
    };
    if rc == ffi::SQLITE_OK {
        Ok(())
    } else {
        Err(rusqlite::Error::SqliteFailure(ffi::Error::new(rc), None))
    }
}

/// The collation callback SQLite calls.
unsafe extern "C" fn collate(
    _: *mut c_void,
    n1: c_int,
    p1: *const c_void,
    n2: c_int,
    p2: *const c_void,
) -> c_int {
    // SAFETY: SQLite passes each key's bytes and length; an empty key may
    // come with a null pointer, which `bytes` maps to an empty slice.
    let (a, b) = unsafe { (bytes(p1, n1), bytes(p2, n2)) };
    compare(a, b)
}

/// The `n` bytes at `p` (empty when `p` is null or `n` is not positive).
///
/// # Safety
///
/// When `p` is not null, it must point to `n` readable bytes that outlive
/// the returned slice.
unsafe fn bytes<'a>(p: *const c_void, n: c_int) -> &'a [u8] {
    match usize::try_from(n) {
        // SAFETY: guaranteed by the caller.
        Ok(n) if n > 0 && !p.is_null() => unsafe { std::slice::from_raw_parts(p.cast(), n) },
        _ => &[],
    }
}

/// SQLite's `NOCASE`: negative, zero or positive as `a` sorts before,
/// with or after `b`.
///
/// What SQLite does (`nocaseCollatingFunc`, `sqlite3StrNICmp`): compare
/// the first `min(len)` bytes with ASCII `A`-`Z` folded to lower case,
/// stopping early at a NUL byte in `a` (a C string's end: the keys compare
/// equal from there when `b` has a NUL at the same place); when those bytes
/// compare equal, the shorter key sorts first. The result's magnitude is
/// not part of the contract, only its sign; this returns the same value.
pub(crate) fn compare(a: &[u8], b: &[u8]) -> c_int {
    let n = a.len().min(b.len());
    if n < 8 {
        return compare_short(a, b, n);
    }
    // Eight bytes at a time, folded to lower case together: the first byte
    // that differs after folding, or is NUL in `a`, decides. The last word
    // ends at `n` and may overlap the one before: bytes already compared
    // are equal and not NUL, so they cannot decide again.
    let mut at = 0;
    loop {
        let x = u64::from_le_bytes(a[at..at + 8].try_into().expect("8 bytes"));
        let y = u64::from_le_bytes(b[at..at + 8].try_into().expect("8 bytes"));
        let events = events(x, y);
        if events != 0 {
            return settle(a, b, at + (events.trailing_zeros() / 8) as usize);
        }
        if at + 8 == n {
            return length_order(a, b);
        }
        at = (at + 8).min(n - 8);
    }
}

/// [`compare`] when fewer than eight bytes are compared (`n`): from four
/// on, as one word made of the first four and the last four (which may
/// overlap, harmlessly as above); below that, byte by byte.
fn compare_short(a: &[u8], b: &[u8], n: usize) -> c_int {
    if n >= 4 {
        let half = |s: &[u8], at: usize| u32::from_le_bytes(s[at..at + 4].try_into().expect("4"));
        let x = u64::from(half(a, 0)) | u64::from(half(a, n - 4)) << 32;
        let y = u64::from(half(b, 0)) | u64::from(half(b, n - 4)) << 32;
        let events = events(x, y);
        if events == 0 {
            return length_order(a, b);
        }
        // Bytes 4 to 7 of the word are bytes n-4 to n-1 of the keys.
        let j = (events.trailing_zeros() / 8) as usize;
        return settle(a, b, if j < 4 { j } else { n + j - 8 });
    }
    for k in 0..n {
        let (x, y) = (a[k], b[k]);
        if x == 0 || fold(x) != fold(y) {
            return settle(a, b, k);
        }
    }
    length_order(a, b)
}

/// The high bit of each byte where words `x` (of `a`) and `y` (of `b`)
/// differ after folding, or where `x` is NUL.
#[inline]
fn events(x: u64, y: u64) -> u64 {
    // Most compared keys share the hostname byte for byte: no folding
    // needed for equal words.
    if x == y {
        !nonzero_bytes(x) & HIGH
    } else {
        (nonzero_bytes(fold_word(x) ^ fold_word(y)) | !nonzero_bytes(x)) & HIGH
    }
}

/// The order of `a` and `b` when the comparison stops at byte `k`: its
/// folded bytes differ, or `a`'s is NUL (then the keys compare as equal
/// from there when `b`'s is NUL too).
fn settle(a: &[u8], b: &[u8], k: usize) -> c_int {
    let r = c_int::from(fold(a[k])) - c_int::from(fold(b[k]));
    if r != 0 {
        r
    } else {
        length_order(a, b)
    }
}

/// What decides between keys whose compared bytes are equal: the shorter
/// sorts first. (Lengths are below 2^31: SQLite passes them as `int`.)
fn length_order(a: &[u8], b: &[u8]) -> c_int {
    a.len() as c_int - b.len() as c_int
}

/// ASCII upper case to lower case; every other byte as it is (SQLite's
/// `sqlite3UpperToLower`).
#[inline]
fn fold(c: u8) -> u8 {
    c.to_ascii_lowercase()
}

/// The high bit of every byte.
const HIGH: u64 = 0x8080_8080_8080_8080;
/// The low seven bits of every byte.
const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;

/// The high bit of each byte of `w` that is not zero (exact per byte: no
/// carries cross bytes).
#[inline]
fn nonzero_bytes(w: u64) -> u64 {
    (((w & LOW7) + LOW7) | w) & HIGH
}

/// [`fold`] on each byte of `w`.
#[inline]
fn fold_word(w: u64) -> u64 {
    let low = w & LOW7;
    // High bit set where the low seven bits are >= 'A', and where > 'Z';
    // bytes with their own high bit set are not ASCII and stay.
    let at_least_a = low + 0x0101_0101_0101_0101 * u64::from(0x80 - b'A');
    let above_z = low + 0x0101_0101_0101_0101 * u64::from(0x80 - b'Z' - 1);
    let upper = at_least_a & !above_z & !w & HIGH;
    w | (upper >> 2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// SQLite's built-in `NOCASE` order of `a` and `b`: -1, 0 or 1. The
    /// keys go in as blobs cast to text, so any bytes (NULs, invalid
    /// UTF-8) reach the collation unchanged.
    fn builtin(conn: &Connection, a: &[u8], b: &[u8]) -> i32 {
        conn.query_row(
            "SELECT CASE WHEN x < y THEN -1 WHEN x = y THEN 0 ELSE 1 END \
             FROM (SELECT CAST(?1 AS TEXT) COLLATE NOCASE AS x, CAST(?2 AS TEXT) AS y)",
            [a, b],
            |r| r.get(0),
        )
        .unwrap()
    }

    fn key() -> impl Strategy<Value = Vec<u8>> {
        // Mostly letters of both cases, with the bytes that matter at the
        // edges: NUL, '@' and '[' around 'A'-'Z', '`' and '{' around
        // 'a'-'z', and bytes above 0x7f.
        let byte = prop_oneof![
            4 => prop::sample::select(b"aAbBzZ-/019".to_vec()),
            1 => prop::sample::select(vec![0u8, b'@', b'[', b'`', b'{', 0x7f, 0x80, 0xc3, 0xff]),
            1 => any::<u8>(),
        ];
        prop::collection::vec(byte, 0..40)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn orders_every_pair_as_sqlite_does(prefix in key(), a in key(), b in key()) {
            let conn = Connection::open_in_memory().unwrap();
            // A shared prefix makes the word-at-a-time path do the work.
            let a = [prefix.as_slice(), &a].concat();
            let b = [prefix.as_slice(), &b].concat();
            prop_assert_eq!(compare(&a, &b).signum(), builtin(&conn, &a, &b), "{:?} vs {:?}", a, b);
            prop_assert_eq!(compare(&b, &a).signum(), builtin(&conn, &b, &a));
            prop_assert_eq!(compare(&a, &a), 0);
        }
    }

    #[test]
    fn edge_cases_match_sqlite() {
        let conn = Connection::open_in_memory().unwrap();
        let cases: &[(&[u8], &[u8])] = &[
            (b"", b""),
            (b"", b"a"),
            (b"WLLS-A05-AS-55", b"wlls-a05-as-55"),
            (b"WLLS-A05-AS-55", b"WLLS-A05-AS-56"),
            (b"Gi1/0/10", b"gi1/0/9"),
            (b"ab\0c", b"ab\0d"),
            (b"ab\0c", b"ab\0"),
            (b"abcdefgh\0x", b"ABCDEFGH\0y"),
            (b"abcdefgh\0", b"abcdefghA"),
            (b"[", b"a"),
            (b"_", b"A"),
            (b"\xc3\x84", b"\xc3\xa4"),
        ];
        for (a, b) in cases {
            assert_eq!(
                compare(a, b).signum(),
                builtin(&conn, a, b),
                "{a:?} vs {b:?}"
            );
            assert_eq!(
                compare(b, a).signum(),
                builtin(&conn, b, a),
                "{b:?} vs {a:?}"
            );
        }
    }

    #[test]
    fn an_index_written_with_it_checks_out_under_the_builtin() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.sqlite");
        let conn = Connection::open(&path).unwrap();
        install(&conn).unwrap();
        conn.execute_batch(
            "CREATE TABLE t (h TEXT COLLATE NOCASE, p TEXT COLLATE NOCASE, UNIQUE (h, p));",
        )
        .unwrap();
        let mut rng = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = || {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            rng
        };
        let mut written = 0;
        conn.execute_batch("BEGIN").unwrap();
        for _ in 0..3000 {
            let h = format!("WLLS-A{:02}-AS-{:02}", next() % 20, next() % 60);
            let h = if next() % 2 == 0 { h.to_lowercase() } else { h };
            let p = format!("Gi{}/0/{}", next() % 3, next() % 48);
            written += conn
                .execute("INSERT OR IGNORE INTO t VALUES (?1, ?2)", [&h, &p])
                .unwrap();
        }
        conn.execute_batch("COMMIT").unwrap();
        drop(conn);
        // A connection with SQLite's own NOCASE finds the same index valid
        // and every row through it.
        let plain = Connection::open(&path).unwrap();
        let check: String = plain
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok");
        let by_index: i64 = plain
            .query_row(
                "SELECT COUNT(*) FROM t AS a WHERE EXISTS \
                 (SELECT 1 FROM t AS b INDEXED BY sqlite_autoindex_t_1 WHERE b.h = a.h AND b.p = a.p)",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(by_index, written as i64);
    }
}
