//! `os.date` and `os.time` rebuilt on this module as the standard library drives
//! them, against `testdata/time.txt` produced by the reference Lua 5.4.9 under
//! several `TZ` values (`testdata/time.lua`).

use super::*;
use crate::test_support::{escape, unescape};

const TABLE: &str = include_str!("../../testdata/time.txt");

fn show_fields(tm: &Tm) -> String {
    format!(
        "{},{},{},{},{},{},{},{},{}",
        tm.year,
        tm.month,
        tm.day,
        tm.hour,
        tm.min,
        tm.sec,
        tm.wday + 1,
        tm.yday,
        tm.isdst
    )
}

fn os_date(zone: &LocalZone, format: &[u8], t: i64) -> String {
    match date(format, t, zone) {
        Ok(DateOutput::Table(tm)) => format!("t{}", show_fields(&tm)),
        Ok(DateOutput::Text(text)) => format!("s{}", escape(&text)),
        Err(e @ DateError::Unrepresentable) => format!("err:{}", e.message()),
        Err(e) => format!("err:bad argument #1 to 'os.date' ({})", escape(e.message().as_bytes())),
    }
}

/// A field as `os.time` reads it from the table's text: default when absent.
fn date_field(text: &str, key: &str, default: Option<i64>, delta: i64) -> Result<i64, String> {
    if text == "nil" {
        return default.ok_or_else(|| format!("field '{key}' missing in date table"));
    }
    let value = match text.parse::<i64>() {
        Ok(n) => n,
        Err(_) => text.parse::<f64>().map_err(|_| format!("bad field {text}"))? as i64,
    };
    check_date_field(key, value, delta)
}

fn os_time(zone: &LocalZone, mktime: &mut LocalMktime, input: &str) -> String {
    let parts: Vec<&str> = input.split(',').collect();
    let read = || -> Result<DateFields, String> {
        Ok(DateFields {
            year: date_field(parts[0], "year", None, 1900)?,
            month: date_field(parts[1], "month", None, 1)?,
            day: date_field(parts[2], "day", None, 0)?,
            hour: date_field(parts[3], "hour", Some(12), 0)?,
            min: date_field(parts[4], "min", Some(0), 0)?,
            sec: date_field(parts[5], "sec", Some(0), 0)?,
            isdst: match parts[6] {
                "nil" => None,
                text => Some(text == "true"),
            },
        })
    };
    match read().and_then(|fields| mktime.time(zone, &fields)) {
        Ok((t, tm)) => format!("i{t},{}", show_fields(&tm)),
        Err(message) => format!("err:{message}"),
    }
}

#[test]
fn dates_and_times_match_reference() {
    let mut failures = Vec::new();
    let mut current: Option<(String, LocalZone, LocalMktime)> = None;
    for line in TABLE.lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        let (op, tz) = (fields[0], fields[1]);
        if current.as_ref().is_none_or(|(name, _, _)| name != tz) {
            // Each zone ran in a process of its own: glibc's mktime state starts anew.
            current = Some((tz.to_string(), LocalZone::from_tz(tz), LocalMktime::new()));
        }
        let Some((_, zone, mktime)) = current.as_mut() else { continue };
        let (got, expected) = match op {
            "date" => (os_date(zone, &unescape(fields[2]), fields[3].parse().unwrap_or(0)), fields[4]),
            _ => (os_time(zone, mktime, fields[2]), fields[3]),
        };
        if got != expected {
            failures.push(format!("{line}\n    got {got}"));
        }
    }
    assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn calendar_round_trip() {
    let tm = gmtime(1_779_450_000);
    assert_eq!(timegm(&tm), 1_779_450_000);
    let epoch = gmtime(0);
    assert_eq!((epoch.year, epoch.month, epoch.day, epoch.wday, epoch.yday), (1970, 1, 1, 4, 1));
    let leap_day = gmtime(951_782_400);
    assert_eq!((leap_day.year, leap_day.month, leap_day.day), (2000, 2, 29));
    let normalised = Tm { year: 2020, month: 13, day: 32, ..Tm::default() };
    let back = gmtime(timegm(&normalised));
    assert_eq!((back.year, back.month, back.day), (2021, 2, 1));
    assert_eq!(utc_time(67_768_036_191_676_800), None);
    assert_eq!(utc_time(67_768_036_191_676_799).map(|tm| tm.year), Some(2_147_485_547));
}

#[test]
fn strftime_reports_the_rest_of_the_format() {
    let tm = gmtime(0);
    assert_eq!(strftime(b"%Ez tail\0hidden", &tm, true), Err("%Ez tail".to_string()));
    assert_eq!(strftime(b"%", &tm, true), Err("%".to_string()));
    assert_eq!(strftime(b"%c|%Z|%z", &tm, true), Ok(b"Thu Jan  1 00:00:00 1970|GMT|+0000".to_vec()));
}

#[test]
fn random_formats_and_times_never_panic() {
    let mut rng = crate::test_support::Rng::new(0x7177);
    let zones = [LocalZone::from_tz("America/New_York"), LocalZone::from_tz("EST5EDT,M3.2.0,M11.1.0")];
    let mut mktime = LocalMktime::new();
    for _ in 0..5_000 {
        let fmt = rng.bytes(b"%!*tEOaAbBcCdDeFgGhHIjmMnprRStTuUVwWxXyYzZ", 10);
        let zone = &zones[rng.below(zones.len())];
        let _ = date(&fmt, rng.next() as i64, zone);
        let mut field = || rng.next() as i64 >> rng.below(64);
        let fields = DateFields {
            year: field(),
            month: field(),
            day: field(),
            hour: field(),
            min: field(),
            sec: field(),
            isdst: None,
        };
        let _ = mktime.mktime(zone, &fields);
        let tm = Tm {
            year: fields.year,
            month: fields.month,
            day: fields.day,
            hour: fields.hour,
            min: fields.min,
            sec: fields.sec,
            ..Tm::default()
        };
        let _ = timegm(&tm);
    }
}
