//! Calendar dates (`YYYY-MM-DD`), checked by the `time` crate.

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;

/// A calendar date such as `2026-11-28`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(time::Date);

impl Date {
    /// Parses `YYYY-MM-DD`, rejecting impossible dates such as `2026-02-30`.
    ///
    /// # Examples
    /// ```
    /// use investcalc::date::Date;
    /// assert_eq!(Date::parse("2026-11-28").unwrap().year(), 2026);
    /// assert!(Date::parse("2026-02-30").is_none());
    /// assert!(Date::parse("28/11/2026").is_none());
    /// ```
    pub fn parse(text: &str) -> Option<Date> {
        let b = text.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let digits = |r: std::ops::Range<usize>| -> Option<u32> {
            let part = text.get(r)?;
            if part.bytes().all(|c| c.is_ascii_digit()) {
                part.parse().ok()
            } else {
                None
            }
        };
        let year = i32::try_from(digits(0..4)?).ok()?;
        let month = time::Month::try_from(u8::try_from(digits(5..7)?).ok()?).ok()?;
        let day = u8::try_from(digits(8..10)?).ok()?;
        time::Date::from_calendar_date(year, month, day)
            .ok()
            .map(Date)
    }

    /// January 1st of a year, if the year is representable.
    pub fn first_of_year(year: i32) -> Option<Date> {
        time::Date::from_calendar_date(year, time::Month::January, 1)
            .ok()
            .map(Date)
    }

    /// The day before (none before the first representable date).
    pub fn day_before(self) -> Option<Date> {
        self.0.previous_day().map(Date)
    }

    /// The day after (none after the last representable date).
    pub fn day_after(self) -> Option<Date> {
        self.0.next_day().map(Date)
    }

    /// The last day of the date's year.
    pub fn end_of_year(self) -> Option<Date> {
        Date::first_of_year(self.year().checked_add(1)?)?.day_before()
    }

    /// The calendar year.
    pub fn year(self) -> i32 {
        self.0.year()
    }
}

impl From<time::Date> for Date {
    fn from(d: time::Date) -> Date {
        Date(d)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.0.year(),
            u8::from(self.0.month()),
            self.0.day()
        )
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Date::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!("`{text}` is not a date in the form YYYY-MM-DD"))
        })
    }
}

impl JsonSchema for Date {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("Date")
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "format": "date", "description": "A date as YYYY-MM-DD." })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_and_prints() {
        let a = Date::parse("2016-05-01").unwrap();
        let b = Date::parse("2024-08-01").unwrap();
        assert!(a < b);
        assert_eq!(b.to_string(), "2024-08-01");
        assert_eq!(Date::first_of_year(2030).unwrap().to_string(), "2030-01-01");
        for bad in ["2024-13-01", "2023-02-29", "2024-1-01", "abcd-ef-gh", ""] {
            assert!(Date::parse(bad).is_none(), "input {bad}");
        }
    }
}
