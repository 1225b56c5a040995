//! Opt-in retries: exponential backoff with jitter, caps on attempts and total time, and the server's
//! `Retry-After` (seconds, HTTP date or ISO 8601 / RFC 3339 timestamp) honoured.

use crate::error::Error;

/// When and how often a failed request is sent again (see [`ClientBuilder::retry`](crate::ClientBuilder::retry)).
///
/// A request is retried when its error [`is_retryable`](crate::Error::is_retryable) (transport failures,
/// timeouts, and the statuses 408, 429, 502, 503 and 504), only for idempotent methods (`GET`, `HEAD`,
/// `OPTIONS`, `TRACE`, `PUT`, `DELETE`) unless [`retry_non_idempotent`](Self::retry_non_idempotent)
/// says otherwise. The wait before attempt `n + 1` is the server's `Retry-After` when it sends one,
/// otherwise `initial_backoff * 2^(n-1)` capped at `max_backoff`, with jitter (a random value between
/// half and all of it). No attempt starts once `max_elapsed` would be exceeded by the wait.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: std::time::Duration,
    max_backoff: std::time::Duration,
    max_elapsed: std::time::Duration,
    non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: std::time::Duration::from_millis(200),
            max_backoff: std::time::Duration::from_secs(5),
            max_elapsed: std::time::Duration::from_secs(30),
            non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// The total number of attempts, the first included (default 3; 1 means no retries).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The wait before the first retry, doubled for each further one (default 200 ms).
    pub fn initial_backoff(mut self, backoff: std::time::Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The longest computed wait between attempts (default 5 s). A longer `Retry-After` is still
    /// honoured, within `max_elapsed`.
    pub fn max_backoff(mut self, backoff: std::time::Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// The time budget for all attempts and waits together (default 30 s): a retry whose wait would
    /// end past it is not made, and the last error is returned.
    pub fn max_elapsed(mut self, elapsed: std::time::Duration) -> Self {
        self.max_elapsed = elapsed;
        self
    }

    /// Also retries `POST`, `PATCH` and other non-idempotent methods (default `false`: a retried
    /// `POST` may create something twice).
    pub fn retry_non_idempotent(mut self, yes: bool) -> Self {
        self.non_idempotent = yes;
        self
    }

    /// Whether requests with this method may be retried.
    pub(crate) fn allows(&self, method: &reqwest::Method) -> bool {
        self.non_idempotent || matches!(method.as_str(), "GET" | "HEAD" | "OPTIONS" | "TRACE" | "PUT" | "DELETE")
    }

    /// The computed wait after failed attempt `attempt` (from 1), before jitter.
    pub(crate) fn backoff(&self, attempt: u32) -> std::time::Duration {
        let factor = 2u32.saturating_pow(attempt.saturating_sub(1).min(31));
        self.initial_backoff.saturating_mul(factor).min(self.max_backoff)
    }

    /// How long to wait before retrying after attempt `attempt` (from 1) failed with `error`, when
    /// `elapsed` has passed since the first attempt started; `None` to give up.
    pub(crate) fn delay(
        &self,
        attempt: u32,
        elapsed: std::time::Duration,
        error: &Error,
    ) -> Option<std::time::Duration> {
        if attempt >= self.max_attempts || !error.is_retryable() {
            return None;
        }
        let retry_after = error
            .api_error()
            .and_then(|api| api.headers().get(reqwest::header::RETRY_AFTER))
            .and_then(|value| value.to_str().ok())
            .and_then(|value| parse_retry_after(value, std::time::SystemTime::now()));
        let delay = retry_after.unwrap_or_else(|| jitter(self.backoff(attempt)));
        (elapsed.saturating_add(delay) <= self.max_elapsed).then_some(delay)
    }
}

/// A random duration between half and all of `delay` ("equal jitter"), so that clients that failed
/// together do not retry together.
fn jitter(delay: std::time::Duration) -> std::time::Duration {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or_default();
    hasher.write_u32(nanos);
    // 53 random bits as a fraction in [0, 1).
    let fraction = (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64;
    let half = delay / 2;
    half + half.mul_f64(fraction)
}

/// The wait a `Retry-After` value asks for: delay seconds (`120`, also `1.5`), an HTTP date
/// (`Wed, 21 Oct 2015 07:28:00 GMT`) or an ISO 8601 / RFC 3339 timestamp (`2015-10-21T07:28:00Z`,
/// with an offset or fractional seconds). A time in the past means no wait; anything else is `None`.
pub fn parse_retry_after(value: &str, now: std::time::SystemTime) -> Option<std::time::Duration> {
    let value = value.trim();
    if value.bytes().all(|b| b.is_ascii_digit() || b == b'.') && !value.is_empty() {
        let seconds: f64 = value.parse().ok()?;
        return std::time::Duration::try_from_secs_f64(seconds).ok();
    }
    let at = httpdate::parse_http_date(value).ok().or_else(|| parse_rfc3339(value))?;
    Some(at.duration_since(now).unwrap_or_default())
}

/// Parses an RFC 3339 timestamp (`2015-10-21T07:28:00Z`, `2015-10-21 09:28:00.5+02:00`).
fn parse_rfc3339(text: &str) -> Option<std::time::SystemTime> {
    let bytes = text.as_bytes();
    let number = |range: std::ops::Range<usize>| -> Option<i64> {
        let digits = text.get(range)?;
        if digits.bytes().all(|b| b.is_ascii_digit()) {
            digits.parse().ok()
        } else {
            None
        }
    };
    let separators_ok = bytes.get(4) == Some(&b'-')
        && bytes.get(7) == Some(&b'-')
        && matches!(bytes.get(10), Some(b'T' | b't' | b' '))
        && bytes.get(13) == Some(&b':')
        && bytes.get(16) == Some(&b':');
    if !separators_ok {
        return None;
    }
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let (hour, minute, second) = (number(11..13)?, number(14..16)?, number(17..19)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut rest = &text[19..];
    let mut nanos = 0u32;
    if let Some(fraction) = rest.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        let padded: String = fraction[..digits].chars().chain(std::iter::repeat('0')).take(9).collect();
        nanos = padded.parse().ok()?;
        rest = &fraction[digits..];
    }
    let offset_seconds = match rest {
        "Z" | "z" => 0,
        _ => {
            let sign = match rest.as_bytes().first() {
                Some(b'+') => 1,
                Some(b'-') => -1,
                _ => return None,
            };
            if rest.len() != 6 || rest.as_bytes()[3] != b':' {
                return None;
            }
            let hours: i64 = rest[1..3].parse().ok()?;
            let minutes: i64 = rest[4..6].parse().ok()?;
            sign * (hours * 3600 + minutes * 60)
        }
    };
    // Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    let days = era * 146_097 + day_of_era - 719_468;
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset_seconds;
    let since_epoch = std::time::Duration::new(u64::try_from(seconds).ok()?, nanos);
    std::time::UNIX_EPOCH.checked_add(since_epoch)
}
