//! `strftime` as `os.date` uses it: the conversions the reference accepts (C99's,
//! with the `E` and `O` modifiers, which change nothing in the C locale), printed as
//! glibc prints them in the C locale. Years are glibc's: `%Y`, `%G` and `%C` come from
//! `tm_year + 1900` computed in a C `int` (so they wrap for the largest years) and
//! are not zero-padded; `%y` and `%g` are always two digits.

use super::{is_leap, Tm};

const WEEKDAYS: [&str; 7] = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Conversions accepted alone, and after `E` and after `O` (`LUA_STRFTIMEOPTIONS`).
const SINGLE: &[u8] = b"aAbBcCdDeFgGhHIjmMnprRStTuUVwWxXyYzZ%";
const AFTER_E: &[u8] = b"cCxXyY";
const AFTER_O: &[u8] = b"deHImMSuUVwWy";

/// Formats `tm` (`utc`: it came from `gmtime`, so `%Z` is `GMT` and `%z` `+0000`
/// whatever its zone fields say). Every byte that is not part of a conversion is
/// copied, NUL bytes included. An invalid conversion gives `Err` with the text the
/// reference quotes in "invalid conversion specifier '%s'": from the `%` to the end
/// of the format (or its first NUL).
pub fn strftime(fmt: &[u8], tm: &Tm, utc: bool) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&c) = fmt.get(i) {
        i += 1;
        if c != b'%' {
            out.push(c);
            continue;
        }
        let rest = &fmt[i..];
        let conv = match rest {
            [first, ..] if SINGLE.contains(first) => {
                i += 1;
                *first
            }
            [b'E', second, ..] if AFTER_E.contains(second) => {
                i += 2;
                *second
            }
            [b'O', second, ..] if AFTER_O.contains(second) => {
                i += 2;
                *second
            }
            _ => {
                let end = rest.iter().position(|&b| b == 0).unwrap_or(rest.len());
                return Err(format!("%{}", String::from_utf8_lossy(&rest[..end])));
            }
        };
        format_one(conv, tm, utc, &mut out);
    }
    Ok(out)
}

/// The year as glibc holds it: `tm_year + 1900` in a C `int`.
fn c_year(year: i64) -> i64 {
    i64::from(year as i32)
}

/// ISO 8601 week-based year and week number (1-53).
fn iso_week(tm: &Tm) -> (i64, i64) {
    let days_in = |y: i64| if is_leap(y) { 366 } else { 365 };
    let yday0 = tm.yday - 1;
    let monday_based = (tm.wday + 6).rem_euclid(7);
    // Day of the year (0-based) of the Monday of ISO week 1: the week with the
    // year's first Thursday.
    let week_one_start = |year_day_of_jan1_weekday: i64| (10 - year_day_of_jan1_weekday).rem_euclid(7) - 3;
    let jan1_weekday = (monday_based - yday0).rem_euclid(7);
    let start = week_one_start(jan1_weekday);
    if yday0 < start {
        let previous = tm.year - 1;
        let previous_jan1 = (jan1_weekday - days_in(previous)).rem_euclid(7);
        let previous_start = week_one_start(previous_jan1);
        return (previous, (yday0 + days_in(previous) - previous_start) / 7 + 1);
    }
    let next_jan1 = (jan1_weekday + days_in(tm.year)).rem_euclid(7);
    let next_start = days_in(tm.year) + week_one_start(next_jan1);
    if yday0 >= next_start {
        return (tm.year + 1, 1);
    }
    (tm.year, (yday0 - start) / 7 + 1)
}

fn format_one(conv: u8, tm: &Tm, utc: bool, out: &mut Vec<u8>) {
    let weekday = WEEKDAYS[tm.wday.rem_euclid(7) as usize];
    let month = MONTHS[(tm.month - 1).rem_euclid(12) as usize];
    let hour12 = match tm.hour % 12 {
        0 => 12,
        h => h,
    };
    let am_pm = if tm.hour < 12 { "AM" } else { "PM" };
    let text = match conv {
        b'a' => weekday[..3].to_string(),
        b'A' => weekday.to_string(),
        b'b' | b'h' => month[..3].to_string(),
        b'B' => month.to_string(),
        b'c' => format!(
            "{} {} {:2} {:02}:{:02}:{:02} {}",
            &weekday[..3],
            &month[..3],
            tm.day,
            tm.hour,
            tm.min,
            tm.sec,
            c_year(tm.year)
        ),
        b'C' => c_year(tm.year).div_euclid(100).to_string(),
        b'd' => format!("{:02}", tm.day),
        b'D' | b'x' => format!("{:02}/{:02}/{:02}", tm.month, tm.day, tm.year.rem_euclid(100)),
        b'e' => format!("{:2}", tm.day),
        b'F' => format!("{}-{:02}-{:02}", c_year(tm.year), tm.month, tm.day),
        b'g' => format!("{:02}", c_year(iso_week(tm).0).rem_euclid(100)),
        b'G' => c_year(iso_week(tm).0).to_string(),
        b'H' => format!("{:02}", tm.hour),
        b'I' => format!("{hour12:02}"),
        b'j' => format!("{:03}", tm.yday),
        b'm' => format!("{:02}", tm.month),
        b'M' => format!("{:02}", tm.min),
        b'n' => "\n".to_string(),
        b'p' => am_pm.to_string(),
        b'r' => format!("{hour12:02}:{:02}:{:02} {am_pm}", tm.min, tm.sec),
        b'R' => format!("{:02}:{:02}", tm.hour, tm.min),
        b'S' => format!("{:02}", tm.sec),
        b't' => "\t".to_string(),
        b'T' | b'X' => format!("{:02}:{:02}:{:02}", tm.hour, tm.min, tm.sec),
        b'u' => (if tm.wday == 0 { 7 } else { tm.wday }).to_string(),
        b'U' => format!("{:02}", (tm.yday - 1 + 7 - tm.wday) / 7),
        b'V' => format!("{:02}", iso_week(tm).1),
        b'w' => tm.wday.to_string(),
        b'W' => format!("{:02}", (tm.yday - 1 + 7 - (tm.wday + 6) % 7) / 7),
        b'y' => format!("{:02}", tm.year.rem_euclid(100)),
        b'Y' => c_year(tm.year).to_string(),
        b'z' => {
            let offset = if utc { 0 } else { tm.gmt_offset };
            let minutes = offset.unsigned_abs() / 60;
            format!("{}{:02}{:02}", if offset < 0 { '-' } else { '+' }, minutes / 60, minutes % 60)
        }
        b'Z' if utc => "GMT".to_string(),
        b'Z' => String::from_utf8_lossy(tm.zone.as_bytes()).into_owned(),
        _ => "%".to_string(),
    };
    out.extend_from_slice(text.as_bytes());
}
