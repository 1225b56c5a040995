//! Postman's dynamic variables (`{{$guid}}`, `{{$timestamp}}`, …) made fresh for each request.


/// A fresh value of a Postman dynamic variable (`guid` for `{{$guid}}`), for a request whose
/// collection sends one and whose caller set none: `guid`/`randomUUID` a random UUID (v4),
/// `timestamp` the Unix time in seconds, `isoTimestamp` the time in ISO 8601 (UTC, milliseconds),
/// `randomInt` 0 to 1000, `randomBoolean`, `randomAlphaNumeric` one letter or digit. Randomness comes
/// from the standard library's per-process random hasher keys: unique enough for request ids and
/// idempotency keys, not for secrets. Another name gives an empty text.
pub fn dynamic_value(name: &str) -> String {
    use std::hash::{BuildHasher, Hasher};
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    let random = || {
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u64(COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
        hasher.write_u128(now.as_nanos());
        hasher.finish()
    };
    match name {
        "guid" | "randomUUID" => {
            let bytes = (u128::from(random()) << 64 | u128::from(random())).to_be_bytes();
            let mut bytes = bytes;
            bytes[6] = (bytes[6] & 0x0f) | 0x40;
            bytes[8] = (bytes[8] & 0x3f) | 0x80;
            let hex: String = bytes.iter().map(|b| std::format!("{b:02x}")).collect();
            std::format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
        }
        "timestamp" => now.as_secs().to_string(),
        "isoTimestamp" => {
            let secs = now.as_secs();
            let days = i64::try_from(secs / 86_400).unwrap_or(0);
            let (year, month, day) = civil_from_days(days);
            let rest = secs % 86_400;
            std::format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z", rest / 3600, rest / 60 % 60, rest % 60, now.subsec_millis())
        }
        "randomInt" => (random() % 1001).to_string(),
        "randomBoolean" => (random() % 2 == 0).to_string(),
        "randomAlphaNumeric" => {
            const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
            let index = usize::try_from(random() % ALPHABET.len() as u64).unwrap_or(0);
            char::from(ALPHABET[index]).to_string()
        }
        _ => String::new(),
    }
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
pub(crate) fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = u32::try_from(doy - (153 * mp + 2) / 5 + 1).unwrap_or(1);
    let month = u32::try_from(if mp < 10 { mp + 3 } else { mp - 9 }).unwrap_or(1);
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}
