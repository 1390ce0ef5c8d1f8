//! The one time type. A moment is kept as unix seconds (how the database stores it), travels as
//! an RFC 3339 UTC string (`2026-11-29T13:07:59Z`, on the API and to the browser alike), and is
//! shown on pages as a UTC date or date and time formatted from that same value.
use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(transparent))]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// `YYYY-MM-DD`, UTC.
    pub fn date(self) -> String {
        let (year, month, day) = civil_from_days(self.0.div_euclid(86_400));
        format!("{year:04}-{month:02}-{day:02}")
    }

    /// `YYYY-MM-DD HH:MM UTC`.
    pub fn date_time(self) -> String {
        let seconds = self.0.rem_euclid(86_400);
        let (hour, minute) = (seconds / 3600, seconds % 3600 / 60);
        format!("{} {hour:02}:{minute:02} UTC", self.date())
    }

    /// `YYYY-MM-DDTHH:MM:SSZ`.
    pub fn rfc3339(self) -> String {
        let seconds = self.0.rem_euclid(86_400);
        let (h, m, s) = (seconds / 3600, seconds % 3600 / 60, seconds % 60);
        format!("{}T{h:02}:{m:02}:{s:02}Z", self.date())
    }

    /// Reads the form [`Timestamp::rfc3339`] writes (UTC, whole seconds).
    pub fn parse_rfc3339(text: &str) -> Option<Timestamp> {
        let bytes = text.as_bytes();
        let shape_ok = bytes.len() == 20
            && bytes[4] == b'-'
            && bytes[7] == b'-'
            && bytes[10] == b'T'
            && bytes[13] == b':'
            && bytes[16] == b':'
            && bytes[19] == b'Z';
        let number = |range: std::ops::Range<usize>| text.get(range)?.parse::<i64>().ok();
        let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
        let (h, m, s) = (number(11..13)?, number(14..16)?, number(17..19)?);
        let fields_ok =
            (1..=12).contains(&month) && (1..=31).contains(&day) && h < 24 && m < 60 && s < 60;
        let days = days_from_civil(year, month, day);
        let valid = shape_ok && fields_ok && civil_from_days(days) == (year, month, day);
        valid.then_some(Timestamp(days * 86_400 + h * 3600 + m * 60 + s))
    }
}

// Howard Hinnant's algorithms between days since 1970-01-01 and the proleptic Gregorian calendar.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year - era * 400;
    let mp = if month > 2 { month - 3 } else { month + 9 };
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.rfc3339())
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Timestamp::parse_rfc3339(&text)
            .ok_or_else(|| serde::de::Error::custom("expected an RFC 3339 UTC time"))
    }
}

#[cfg(feature = "ssr")]
impl utoipa::PartialSchema for Timestamp {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::DateTime)))
            .description(Some("RFC 3339, UTC"))
            .examples([serde_json::json!("2026-11-29T13:07:59Z")])
            .into()
    }
}

#[cfg(feature = "ssr")]
impl utoipa::ToSchema for Timestamp {}

#[cfg(test)]
mod tests {
    use super::Timestamp;

    #[test]
    fn times_are_utc_calendar_text() {
        assert_eq!(Timestamp(0).date(), "1970-01-01");
        assert_eq!(Timestamp(1_795_939_200).date(), "2026-11-29");
        assert_eq!(Timestamp(951_782_400).date(), "2000-02-29");
        let t = Timestamp(1_795_910_400 + 3600 * 13 + 60 * 7 + 59);
        assert_eq!(t.date_time(), "2026-11-29 13:07 UTC");
        assert_eq!(t.rfc3339(), "2026-11-29T13:07:59Z");
        assert_eq!(Timestamp(-60).date_time(), "1969-12-31 23:59 UTC");
    }

    #[test]
    fn rfc3339_round_trips_and_refuses_anything_else() {
        for t in [0, 951_782_400, 1_795_956_479, -86_401, 4_102_444_799] {
            let text = Timestamp(t).rfc3339();
            assert_eq!(
                Timestamp::parse_rfc3339(&text),
                Some(Timestamp(t)),
                "{text}"
            );
            let json = serde_json::to_string(&Timestamp(t)).unwrap();
            assert_eq!(
                serde_json::from_str::<Timestamp>(&json).unwrap(),
                Timestamp(t)
            );
        }
        for bad in [
            "2026-02-30T00:00:00Z",
            "2026-11-29 13:07:59Z",
            "2026-11-29T24:00:00Z",
            "1795939200",
            "",
        ] {
            assert_eq!(Timestamp::parse_rfc3339(bad), None, "{bad}");
        }
    }
}
