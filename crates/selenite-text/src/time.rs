//! Calendar arithmetic and `strftime` for `os.date` and `os.time`, in the proleptic
//! Gregorian calendar, on broken-down times like C's `struct tm` (C locale).

/// A broken-down time (`struct tm` with the full year and month 1-12).
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
}

/// Days from 1970-01-01 to the given civil date (month may be any integer).
pub fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    // Normalise the month into the year first.
    let y0 = year + (month - 1).div_euclid(12);
    let m = (month - 1).rem_euclid(12) + 1;
    let y = if m <= 2 { y0 - 1 } else { y0 };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// The broken-down UTC time of `t` seconds since the epoch.
pub fn gmtime(t: i64) -> Tm {
    let days = t.div_euclid(86400);
    let secs = t.rem_euclid(86400);
    let z = days + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = if m <= 2 { y + 1 } else { y };
    let yday = days - days_from_civil(year, 1, 1) + 1;
    Tm {
        year,
        month: m,
        day: d,
        hour: secs / 3600,
        min: secs % 3600 / 60,
        sec: secs % 60,
        wday: (days + 4).rem_euclid(7),
        yday,
        isdst: false,
    }
}

/// Seconds since the epoch of a UTC broken-down time, normalising out-of-range
/// fields as `timegm` does.
pub fn timegm(tm: &Tm) -> i64 {
    days_from_civil(tm.year, tm.month, 1) * 86400 + (tm.day - 1) * 86400 + tm.hour * 3600 + tm.min * 60 + tm.sec
}

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

/// ISO 8601 week-based year and week number.
fn iso_week(tm: &Tm) -> (i64, i64) {
    let wday = (tm.wday + 6) % 7; // Monday = 0
    let mut year = tm.year;
    let mut week = (tm.yday - 1 - wday + 10) / 7;
    if week < 1 {
        year -= 1;
        let prev_days = if is_leap(year) { 366 } else { 365 };
        week = (tm.yday - 1 + prev_days - wday + 10) / 7;
    } else {
        let days = if is_leap(year) { 366 } else { 365 };
        if week > 52 && (tm.yday - 1 - wday + 3) >= days {
            year += 1;
            week = 1;
        }
    }
    (year, week)
}

/// Conversions `os.date` accepts (C99 plus the `E` and `O` modifiers).
const SINGLE: &[u8] = b"aAbBcCdDeFgGhHIjmMnprRStTuUVwWxXyYzZ%";
const WITH_E: &[u8] = b"cCxXyY";
const WITH_O: &[u8] = b"deHImMSuUVwWy";

/// Formats `tm` with a `strftime` format. `utc` names the zone for `%Z`/`%z`.
/// Errors: the invalid conversion (`%Ez`) for the reference's message.
pub fn strftime(fmt: &[u8], tm: &Tm, utc: bool) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < fmt.len() {
        let c = fmt[i];
        i += 1;
        if c != b'%' {
            out.push(c);
            continue;
        }
        let mut conv = fmt.get(i).copied().unwrap_or(0);
        let start = i;
        if conv == b'E' || conv == b'O' {
            let next = fmt.get(i + 1).copied().unwrap_or(0);
            let allowed = if conv == b'E' { WITH_E } else { WITH_O };
            if !allowed.contains(&next) {
                let end = (i + 2).min(fmt.len());
                return Err(String::from_utf8_lossy(&fmt[start - 1..end]).into_owned());
            }
            i += 1;
            conv = next;
        } else if !SINGLE.contains(&conv) {
            let end = (i + 1).min(fmt.len());
            return Err(String::from_utf8_lossy(&fmt[start - 1..end]).into_owned());
        }
        i += 1;
        format_one(conv, tm, utc, &mut out);
    }
    Ok(out)
}

fn format_one(conv: u8, tm: &Tm, utc: bool, out: &mut Vec<u8>) {
    let wd = WEEKDAYS[tm.wday.rem_euclid(7) as usize];
    let mo = MONTHS[(tm.month - 1).rem_euclid(12) as usize];
    let hour12 = if tm.hour % 12 == 0 { 12 } else { tm.hour % 12 };
    let text = match conv {
        b'a' => wd[..3].to_string(),
        b'A' => wd.to_string(),
        b'b' | b'h' => mo[..3].to_string(),
        b'B' => mo.to_string(),
        b'c' => {
            format!("{} {} {:2} {:02}:{:02}:{:02} {}", &wd[..3], &mo[..3], tm.day, tm.hour, tm.min, tm.sec, tm.year)
        }
        b'C' => format!("{:02}", tm.year.div_euclid(100)),
        b'd' => format!("{:02}", tm.day),
        b'D' | b'x' => format!("{:02}/{:02}/{:02}", tm.month, tm.day, tm.year.rem_euclid(100)),
        b'e' => format!("{:2}", tm.day),
        b'F' => format!("{}-{:02}-{:02}", tm.year, tm.month, tm.day),
        b'g' => format!("{:02}", iso_week(tm).0.rem_euclid(100)),
        b'G' => iso_week(tm).0.to_string(),
        b'H' => format!("{:02}", tm.hour),
        b'I' => format!("{hour12:02}"),
        b'j' => format!("{:03}", tm.yday),
        b'm' => format!("{:02}", tm.month),
        b'M' => format!("{:02}", tm.min),
        b'n' => "\n".to_string(),
        b'p' => (if tm.hour < 12 { "AM" } else { "PM" }).to_string(),
        b'r' => format!("{:02}:{:02}:{:02} {}", hour12, tm.min, tm.sec, if tm.hour < 12 { "AM" } else { "PM" }),
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
        b'Y' => tm.year.to_string(),
        b'z' => "+0000".to_string(),
        b'Z' => (if utc { "GMT" } else { "UTC" }).to_string(),
        _ => "%".to_string(),
    };
    out.extend_from_slice(text.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_round_trip() {
        let tm = gmtime(1_779_450_000);
        assert_eq!(timegm(&tm), 1_779_450_000);
        let epoch = gmtime(0);
        assert_eq!((epoch.year, epoch.month, epoch.day, epoch.wday, epoch.yday), (1970, 1, 1, 4, 1));
        let t = gmtime(951_782_400); // 2000-02-29
        assert_eq!((t.year, t.month, t.day), (2000, 2, 29));
        let norm = Tm { year: 2020, month: 13, day: 32, ..Tm::default() };
        let back = gmtime(timegm(&norm));
        assert_eq!((back.year, back.month, back.day), (2021, 2, 1));
    }

    #[test]
    fn formats() {
        let tm = gmtime(0);
        assert_eq!(
            strftime(b"%Y-%m-%d %H:%M:%S %A %j", &tm, true).unwrap_or_default(),
            b"1970-01-01 00:00:00 Thursday 001"
        );
        assert_eq!(strftime(b"%c", &tm, true).unwrap_or_default(), b"Thu Jan  1 00:00:00 1970");
        assert_eq!(strftime(b"%Ez", &tm, true), Err("%Ez".to_string()));
        assert_eq!(strftime(b"%q", &tm, true), Err("%q".to_string()));
    }
}
