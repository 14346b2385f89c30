//! Calendar arithmetic for `os.date` and `os.time`: broken-down times (C's
//! `struct tm`) in UTC and in local time, and `mktime`'s normalisation, in the
//! proleptic Gregorian calendar.
//!
//! UTC is pure arithmetic. Local time follows a [`LocalZone`], normally the one `TZ`
//! selects (else `/etc/localtime`), through `jiff`'s reading of the time zone
//! database; instants
//! beyond its range borrow the offset of the same calendar moment 400-year cycles
//! closer (the calendar and the POSIX rules that govern far instants repeat every
//! 400 years) or, in the far past, of its earliest instant. [`LocalMktime`] inverts
//! local time with glibc's probing algorithm, so gaps, folds and a requested `isdst`
//! resolve as the reference's `mktime` resolves them. Like C's `struct tm`, a result
//! whose year does not fit a C `int` once 1900 is taken off cannot be represented
//! (`None`). `strftime` lives in [`strftime`].

mod strftime;

pub use strftime::strftime;

/// Seconds in a day.
const DAY: i64 = 86_400;
/// Seconds in 400 Gregorian years (a whole number of weeks).
const CYCLE_400_YEARS: i64 = 146_097 * DAY;

/// A time zone abbreviation (`tm_zone`), kept inline so that [`Tm`] stays `Copy`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ZoneName {
    len: u8,
    bytes: [u8; 15],
}

impl ZoneName {
    /// The name, cut to 15 bytes.
    pub fn new(name: &str) -> ZoneName {
        let mut zone = ZoneName::default();
        let n = name.len().min(zone.bytes.len());
        zone.bytes[..n].copy_from_slice(&name.as_bytes()[..n]);
        zone.len = n as u8;
        zone
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..usize::from(self.len)]
    }
}

/// A broken-down time: `struct tm` with the full year and 1-based month.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Tm {
    pub year: i64,
    /// 1-12.
    pub month: i64,
    /// 1-31.
    pub day: i64,
    pub hour: i64,
    pub min: i64,
    pub sec: i64,
    /// 0 = Sunday.
    pub wday: i64,
    /// 1-366.
    pub yday: i64,
    pub isdst: bool,
    /// Seconds east of UTC (`tm_gmtoff`).
    pub gmt_offset: i64,
    /// Abbreviation of the zone (`tm_zone`): `GMT` for UTC times.
    pub zone: ZoneName,
}

/// Days from 1970-01-01 to the given civil date (the month may be any integer and
/// the day any offset from the first of the month); saturates at the ends of `i64`.
pub fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let (year, month, day) = (i128::from(year), i128::from(month), i128::from(day));
    let y0 = year + (month - 1).div_euclid(12);
    let m = (month - 1).rem_euclid(12) + 1;
    let y = if m <= 2 { y0 - 1 } else { y0 };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let march_based_month = (m + 9) % 12;
    let day_of_year = (153 * march_based_month + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    let days = era * 146_097 + day_of_era - 719_468;
    i64::try_from(days).unwrap_or(if days < 0 { i64::MIN } else { i64::MAX })
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// The broken-down UTC time of `t` seconds since the epoch, for any `t` (the year
/// may exceed what C can represent; see [`utc_time`]).
pub fn gmtime(t: i64) -> Tm {
    let days = t.div_euclid(DAY);
    let secs = t.rem_euclid(DAY);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let march_based_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * march_based_month + 2) / 5 + 1;
    let month = if march_based_month < 10 { march_based_month + 3 } else { march_based_month - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    Tm {
        year,
        month,
        day,
        hour: secs / 3600,
        min: secs % 3600 / 60,
        sec: secs % 60,
        wday: (days + 4).rem_euclid(7),
        yday: days - days_from_civil(year, 1, 1) + 1,
        isdst: false,
        gmt_offset: 0,
        zone: ZoneName::new("GMT"),
    }
}

/// Whether C's `struct tm` holds the year (`tm_year` is an `int` counted from 1900).
fn representable(year: i64) -> bool {
    i32::try_from(year - 1900).is_ok()
}

/// `gmtime`: the UTC broken-down time of `t`, or `None` when its year cannot be
/// represented ("date result cannot be represented in this installation").
pub fn utc_time(t: i64) -> Option<Tm> {
    Some(gmtime(t)).filter(|tm| representable(tm.year))
}

/// `localtime`: the broken-down time of `t` in the system time zone, or `None` when
/// its year cannot be represented.
pub fn local_time(t: i64) -> Option<Tm> {
    LocalZone::system().local_time(t)
}

/// A local time zone as glibc understands `TZ`: a zone name (`Europe/Paris`, with
/// or without a leading `:`), a TZif file path, or a POSIX rule
/// (`EST5EDT,M3.2.0,M11.1.0`); unset means `/etc/localtime`. A value that names no
/// zone behaves as UTC, under the name it starts with when that is 3 letters or more.
#[derive(Clone, Debug)]
pub struct LocalZone {
    zone: Option<jiff::tz::TimeZone>,
    /// The zone is only a POSIX rule (no TZif data behind it).
    rule_only: bool,
    fallback_name: ZoneName,
}

impl LocalZone {
    /// The zone `TZ` selects now (read at each call, as glibc's `tzset` does).
    pub fn system() -> LocalZone {
        match std::env::var("TZ") {
            Ok(value) => LocalZone::from_tz(&value),
            Err(_) => LocalZone {
                zone: jiff::tz::TimeZone::try_system().ok(),
                rule_only: false,
                fallback_name: ZoneName::new("UTC"),
            },
        }
    }

    /// The zone that `TZ=value` selects.
    pub fn from_tz(value: &str) -> LocalZone {
        let name = value.strip_prefix(':').unwrap_or(value);
        let from_data = if name.starts_with('/') {
            std::fs::read(name).ok().and_then(|data| jiff::tz::TimeZone::tzif(name, &data).ok())
        } else {
            jiff::tz::db().get(name).ok()
        };
        let (zone, rule_only) = match from_data {
            Some(zone) => (Some(zone), false),
            None => (jiff::tz::TimeZone::posix(value).ok(), true),
        };
        let letters = name.bytes().take_while(u8::is_ascii_alphabetic).count();
        let fallback_name = ZoneName::new(if letters >= 3 { &name[..letters] } else { "UTC" });
        LocalZone { zone, rule_only, fallback_name }
    }

    /// The broken-down local time of `t`, or `None` when it cannot be represented.
    pub fn local_time(&self, t: i64) -> Option<Tm> {
        let (offset, isdst, name) = self.at(t)?;
        let mut tm = gmtime(t.checked_add(offset)?);
        tm.isdst = isdst;
        tm.gmt_offset = offset;
        tm.zone = name;
        Some(tm).filter(|tm| representable(tm.year))
    }

    /// Offset from UTC, DST flag and abbreviation in force at `t`, as glibc finds
    /// them. Where glibc applies a POSIX rule (a rule-only zone, or past the data of a
    /// TZif zone) it works on the UTC year of `t`, which must then be representable,
    /// and it quietly gets two cases wrong that are kept here: years before 1970 use
    /// 1970's transitions, and years whose day count from 1970 overflows a C `int`
    /// use garbage transitions long past. Either way every instant then compares as
    /// earlier (or later) than both transitions, so the whole year behaves like its
    /// January: standard time in the north, DST in the south.
    fn at(&self, t: i64) -> Option<(i64, bool, ZoneName)> {
        let Some(zone) = &self.zone else { return Some((0, false, self.fallback_name)) };
        let utc_year = gmtime(t).year;
        let january = |year: i64| days_from_civil(year, 1, 15) * DAY;
        let probe = match (self.rule_only, representable(utc_year)) {
            (true, false) => return None,
            (true, true) if utc_year < 1970 || day_count_overflows(utc_year) => january(1970),
            (false, false) if t > 0 => january(9000),
            (false, true) if day_count_overflows(utc_year) => january(9000),
            _ => t,
        };
        let min = jiff::Timestamp::MIN.as_second();
        let max = jiff::Timestamp::MAX.as_second();
        let in_range = if probe > max - DAY {
            // The same calendar moment, whole 400-year cycles earlier.
            let cycles = (probe - (max - DAY)) / CYCLE_400_YEARS + 1;
            probe - cycles * CYCLE_400_YEARS
        } else {
            probe.max(min)
        };
        let timestamp = jiff::Timestamp::from_second(in_range).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
        let info = zone.to_offset_info(timestamp);
        Some((i64::from(info.offset().seconds()), info.dst().is_dst(), ZoneName::new(info.abbreviation())))
    }
}

/// Whether glibc's count of days from 1970 to the start of `year`, done in a C
/// `int`, overflows.
fn day_count_overflows(year: i64) -> bool {
    let previous = year - 1;
    let days =
        (year - 1970) * 365 + (previous / 4 - 1970 / 4) - (previous / 100 - 1970 / 100) + (previous / 400 - 1970 / 400);
    year > 1970 && i32::try_from(days).is_err()
}

/// Seconds since the epoch of a UTC broken-down time, normalising out-of-range
/// fields as `timegm` does (only year, month, day, hour, min and sec are read).
pub fn timegm(tm: &Tm) -> i64 {
    let days = i128::from(days_from_civil(tm.year, tm.month, 1)) + i128::from(tm.day) - 1;
    let seconds = days * i128::from(DAY) + i128::from(tm.hour) * 3600 + i128::from(tm.min) * 60 + i128::from(tm.sec);
    i64::try_from(seconds).unwrap_or(if seconds < 0 { i64::MIN } else { i64::MAX })
}

/// What `os.date` returns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DateOutput {
    /// `*t` / `!*t`: the fields of the table.
    Table(Tm),
    Text(Vec<u8>),
}

/// Why `os.date` failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DateError {
    /// Raised as "date result cannot be represented in this installation".
    Unrepresentable,
    /// "bad argument #1 to 'date'" with [`DateError::message`].
    InvalidConversion(String),
}

impl DateError {
    pub fn message(&self) -> String {
        match self {
            DateError::Unrepresentable => "date result cannot be represented in this installation".into(),
            DateError::InvalidConversion(spec) => format!("invalid conversion specifier '{spec}'"),
        }
    }
}

/// `os.date(format, t)`: a leading `!` selects UTC, `*t` (up to a NUL byte, as C
/// compares it) asks for the table, anything else is a `strftime` format.
pub fn date(format: &[u8], t: i64, zone: &LocalZone) -> Result<DateOutput, DateError> {
    let (utc, format) = match format.strip_prefix(b"!") {
        Some(rest) => (true, rest),
        None => (false, format),
    };
    let tm = if utc { utc_time(t) } else { zone.local_time(t) }.ok_or(DateError::Unrepresentable)?;
    if format.split(|&b| b == 0).next() == Some(b"*t") {
        return Ok(DateOutput::Table(tm));
    }
    strftime(format, &tm, utc).map(DateOutput::Text).map_err(DateError::InvalidConversion)
}

/// `getfield` of `os.time`: a present integer field must still fit a C `int` once
/// `delta` (1900 for the year, 1 for the month, else 0) is taken off.
pub fn check_date_field(key: &str, value: i64, delta: i64) -> Result<i64, String> {
    match value.checked_sub(delta).map(i32::try_from) {
        Some(Ok(_)) => Ok(value),
        _ => Err(format!("field '{key}' is out-of-bound")),
    }
}

/// The fields `os.time` reads from its table, before normalisation: each must fit
/// a C `int` after the reference's adjustment (year - 1900, month - 1; see
/// [`check_date_field`]), or the date cannot be represented.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateFields {
    pub year: i64,
    /// 1-based; any value.
    pub month: i64,
    pub day: i64,
    pub hour: i64,
    pub min: i64,
    pub sec: i64,
    /// `None`: let the zone decide (a nil `isdst` field).
    pub isdst: Option<bool>,
}

/// One local-time probe of the search: the broken-down time of an instant.
struct Probe {
    seconds: i64,
    isdst: bool,
}

/// Local seconds of a date (seconds since 1970-01-01 00:00 of the same wall clock).
fn wall_seconds(year: i64, yday0: i64, hour: i64, min: i64, sec: i64) -> i64 {
    (days_from_civil(year, 1, 1) + yday0) * DAY + hour * 3600 + min * 60 + sec
}

/// `mktime` for a local zone. It keeps the offset of its last result as
/// the first guess of the next call, like glibc's static state: which of two
/// equally valid instants a fold resolves to can depend on it, in the reference
/// too. Keep one per process (or per Lua state) for the same answers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LocalMktime {
    offset_guess: i64,
}

/// Distance between probes looking for the requested `isdst` (glibc's stride: the
/// shortest DST period known), and how far they go each way.
const DST_PROBE_STRIDE: i64 = 601_200;
const DST_PROBE_BOUND: i64 = 536_454_000 / 2 + DST_PROBE_STRIDE;

impl LocalMktime {
    pub fn new() -> LocalMktime {
        LocalMktime::default()
    }

    /// Converts a local date to seconds since the epoch, and gives the normalised
    /// broken-down time `os.time` writes back into its table; `None` when the
    /// result cannot be represented ("time result cannot be represented in this
    /// installation"; the reference also says so for a result of exactly -1).
    pub fn mktime(&mut self, zone: &LocalZone, fields: &DateFields) -> Option<(i64, Tm)> {
        let fits = |value: i64, delta: i64| value.checked_sub(delta).is_some_and(|v| i32::try_from(v).is_ok());
        let in_c_range = fits(fields.year, 1900)
            && fits(fields.month, 1)
            && [fields.day, fields.hour, fields.min, fields.sec].iter().all(|&v| fits(v, 0));
        if !in_c_range {
            return None;
        }
        let convert = |t: i64| -> Option<(Probe, Tm)> {
            let tm = zone.local_time(t)?;
            let seconds = wall_seconds(tm.year, tm.yday - 1, tm.hour, tm.min, tm.sec);
            Some((Probe { seconds, isdst: tm.isdst }, tm))
        };
        let year = fields.year + (fields.month - 1).div_euclid(12);
        let month = (fields.month - 1).rem_euclid(12) + 1;
        let yday0 = days_from_civil(year, month, 1) - days_from_civil(year, 1, 1) + fields.day - 1;
        let sec = fields.sec.clamp(0, 59);
        let target = wall_seconds(year, yday0, fields.hour, fields.min, sec);
        let wanted_dst = fields.isdst;
        let differs = |isdst: bool| wanted_dst.is_some_and(|w| w != isdst);

        let t0 = target.wrapping_add(self.offset_guess);
        let (mut t, mut t1, mut t2) = (t0, t0, t0);
        let mut previous_dst = false;
        let mut probes_left = 6;
        let (mut tm, exact) = loop {
            let (probe, tm) = ranged_convert(&convert, &mut t)?;
            let dt = target - probe.seconds;
            if dt == 0 {
                break (tm, true);
            }
            // Oscillating between two instants: the wall time falls in a gap, and the
            // instant reached is as good as any.
            let in_gap = t == t1
                && t != t2
                && match wanted_dst {
                    None => !previous_dst || probe.isdst,
                    Some(w) => w != probe.isdst,
                };
            if in_gap {
                break (tm, false);
            }
            probes_left -= 1;
            if probes_left == 0 {
                return None;
            }
            t1 = t2;
            t2 = t;
            t = t.checked_add(dt)?;
            previous_dst = probe.isdst;
        };
        if exact && differs(tm.isdst) {
            (t, tm) = with_requested_dst(&convert, t, target, differs, tm.isdst, wanted_dst)?;
        }
        self.offset_guess = t.wrapping_sub(target);
        if sec != fields.sec {
            t = t.checked_add(fields.sec - sec)?;
            tm = convert(t)?.1;
        }
        Some((t, tm))
    }

    /// `os.time(table)`: [`LocalMktime::mktime`] with the reference's error, which
    /// also refuses a result of exactly -1.
    pub fn time(&mut self, zone: &LocalZone, fields: &DateFields) -> Result<(i64, Tm), String> {
        match self.mktime(zone, fields) {
            Some((t, tm)) if t != -1 => Ok((t, tm)),
            _ => Err("time result cannot be represented in this installation".into()),
        }
    }
}

/// Moves a result whose `isdst` is not the requested one to the offset of the
/// nearest instant with the requested `isdst`, or by an hour if none is near.
fn with_requested_dst(
    convert: &impl Fn(i64) -> Option<(Probe, Tm)>,
    t: i64,
    target: i64,
    differs: impl Fn(bool) -> bool,
    found_dst: bool,
    wanted_dst: Option<bool>,
) -> Option<(i64, Tm)> {
    let mut delta = DST_PROBE_STRIDE;
    while delta < DST_PROBE_BOUND {
        for direction in [-1, 1] {
            let Some(mut other) = t.checked_add(delta * direction) else { continue };
            let (probe, _) = ranged_convert(convert, &mut other)?;
            if !differs(probe.isdst) {
                let guess = other.checked_add(target - probe.seconds)?;
                if let Some((_, tm)) = convert(guess) {
                    return Some((guess, tm));
                }
            }
        }
        delta += DST_PROBE_STRIDE;
    }
    let wanted_standard = i64::from(wanted_dst == Some(false));
    let found_standard = i64::from(!found_dst);
    let shifted = t.checked_add(3600 * (wanted_standard - found_standard))?;
    convert(shifted).map(|(_, tm)| (shifted, tm))
}

/// Converts `*t`; when its year cannot be represented, converts instead the
/// representable instant nearest to it on the way to the epoch (found by bisection),
/// and moves `*t` there.
fn ranged_convert(convert: &impl Fn(i64) -> Option<(Probe, Tm)>, t: &mut i64) -> Option<(Probe, Tm)> {
    if let Some(found) = convert(*t) {
        return Some(found);
    }
    let (mut ok, mut bad) = (0i64, *t);
    let mut found = None;
    loop {
        let mid = (ok >> 1) + (bad >> 1) + ((ok | bad) & 1);
        if mid == ok || mid == bad {
            break;
        }
        match convert(mid) {
            Some(result) => {
                ok = mid;
                found = Some(result);
            }
            None => bad = mid,
        }
    }
    let found = found?;
    *t = ok;
    Some(found)
}

#[cfg(test)]
mod tests;
