//! Parsers of single cells: dates, months, money, counts, tenant ids, countries, codes, professional
//! ids and e-mail addresses.
//!
//! Each returns the value or the message a [`Problem`](super::Problem) carries, with the offending text
//! quoted. They are strict on purpose: an export that drifts (a date written `1/5/2023`, an amount with
//! three decimals) is refused where it is, not stored as something else. Tenant ids, professional ids
//! and e-mail addresses are read by their `domain` types, as the API reads them.

use chrono::NaiveDate;
use uuid::Uuid;

use crate::domain::{AssociationType, CustomerSegment, Email, Month, ProfessionalId, TenantId};

/// The longest partner id the schema accepts.
pub(crate) const MAX_ID_CHARS: usize = 64;

/// A calendar date written `YYYY-MM-DD` (a real day, years 1900 to 9999).
pub(crate) fn date(s: &str) -> Result<NaiveDate, String> {
    let err = || format!("must be a date YYYY-MM-DD, got {s:?}");
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return Err(err());
    }
    let year = digits(&b[0..4]).ok_or_else(err)?;
    let month = digits(&b[5..7]).ok_or_else(err)?;
    let day = digits(&b[8..10]).ok_or_else(err)?;
    if !(1900..=9999).contains(&year) {
        return Err(err());
    }
    let (Ok(year), Ok(month), Ok(day)) = (
        i32::try_from(year),
        u32::try_from(month),
        u32::try_from(day),
    ) else {
        return Err(err());
    };
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(err)
}

/// A calendar month written `YYYY-MM`.
pub(crate) fn month(s: &str) -> Result<Month, String> {
    s.parse::<Month>().map_err(|e| e.to_string())
}

/// US dollars with at most two decimals, `>= 0`, as exact integer cents (never through floating point).
pub(crate) fn money_cents(s: &str) -> Result<i64, String> {
    let err = || format!("must be an amount in US dollars >= 0 with at most 2 decimals, got {s:?}");
    let (whole, fraction) = match s.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (s, None),
    };
    let dollars = digits(whole.as_bytes()).ok_or_else(err)?;
    let cents = match fraction {
        None => 0,
        Some(f) if f.len() == 1 => digits(f.as_bytes()).ok_or_else(err)? * 10,
        Some(f) if f.len() == 2 => digits(f.as_bytes()).ok_or_else(err)?,
        Some(_) => return Err(err()),
    };
    dollars
        .checked_mul(100)
        .and_then(|c| c.checked_add(cents))
        .and_then(|c| i64::try_from(c).ok())
        .ok_or_else(|| format!("is too large, got {s:?}"))
}

/// A whole number `>= 0`.
pub(crate) fn count(s: &str) -> Result<i64, String> {
    let n =
        digits(s.as_bytes()).ok_or_else(|| format!("must be a whole number >= 0, got {s:?}"))?;
    i64::try_from(n).map_err(|_| format!("is too large, got {s:?}"))
}

/// A tenant id: a UUID in any of its usual spellings ([`TenantId`]); stored lower-case and hyphenated.
pub(crate) fn tenant_id(s: &str) -> Result<Uuid, String> {
    TenantId::parse(s)
        .map(TenantId::uuid)
        .map_err(|e| format!("{e}, got {s:?}"))
}

/// An ISO 3166-1 alpha-2 country code in capitals (`US`, `DE`; `XK` for Kosovo).
pub(crate) fn country(s: &str) -> Result<String, String> {
    if s.len() == 2 && COUNTRIES.binary_search(&s).is_ok() {
        Ok(s.to_string())
    } else {
        Err(format!(
            "must be an ISO 3166-1 alpha-2 country code in capitals such as \"US\", got {s:?}"
        ))
    }
}

/// A CPOR, PAL, DPOR, CSP_T1 or CSP_T2 association type.
pub(crate) fn association_type(s: &str) -> Result<AssociationType, String> {
    s.parse::<AssociationType>().map_err(|e| e.to_string())
}

/// A customer's sales segment: `SMB` or `ENTERPRISE`, in capitals.
pub(crate) fn segment(s: &str) -> Result<CustomerSegment, String> {
    s.parse::<CustomerSegment>().map_err(|e| e.to_string())
}

/// A partner id: any text of 1 to 64 characters.
pub(crate) fn identifier(s: &str) -> Result<String, String> {
    if s.chars().count() > MAX_ID_CHARS {
        Err(format!(
            "must be at most {MAX_ID_CHARS} characters, got {s:?}"
        ))
    } else {
        Ok(s.to_string())
    }
}

/// A professional id: 1 to 64 characters, no control character ([`ProfessionalId`]).
pub(crate) fn professional_id(s: &str) -> Result<String, String> {
    ProfessionalId::parse(s)
        .map(ProfessionalId::into_string)
        .map_err(|e| format!("{e}, got {s:?}"))
}

/// An e-mail address ([`Email`]): `name@example.com` in shape, stored lower-case.
pub(crate) fn email(s: &str) -> Result<String, String> {
    Email::parse(s)
        .map(Email::into_string)
        .map_err(|e| format!("{e}, got {s:?}"))
}

/// The value of a run of ASCII digits (at least one, at most 18 so it cannot overflow).
fn digits(b: &[u8]) -> Option<u64> {
    if b.is_empty() || b.len() > 18 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0u64, |n, d| n * 10 + u64::from(d - b'0')))
}

/// ISO 3166-1 alpha-2, the 249 assigned codes plus `XK` (Kosovo, user-assigned but used by Microsoft),
/// sorted for binary search.
const COUNTRIES: &[&str] = &[
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "XK", "YE", "YT", "ZA", "ZM", "ZW",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_country_list_is_sorted_and_complete() {
        assert!(COUNTRIES.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(COUNTRIES.len(), 250);
    }

    #[test]
    fn real_dates_parse_and_impossible_or_sloppy_ones_are_refused() {
        assert_eq!(
            date("2024-02-29").unwrap(),
            NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()
        );
        for bad in [
            "2023-02-29",
            "2023-13-01",
            "2023-1-05",
            "05/01/2023",
            "2023-01-01T00:00",
            "",
            "0000-01-01",
            "2023-00-10",
        ] {
            assert!(date(bad).is_err(), "{bad}");
        }
        assert_eq!(
            date("2023-02-30").unwrap_err(),
            "must be a date YYYY-MM-DD, got \"2023-02-30\""
        );
    }

    #[test]
    fn months_must_be_written_year_dash_month() {
        assert_eq!(month("2023-07").unwrap().to_string(), "2023-07");
        assert_eq!(
            month("2023-7").unwrap_err(),
            "must be a month YYYY-MM, got \"2023-7\""
        );
        assert!(month("2023-07-01").is_err());
    }

    #[test]
    fn money_is_exact_cents_with_at_most_two_decimals() {
        assert_eq!(money_cents("0").unwrap(), 0);
        assert_eq!(money_cents("12.3").unwrap(), 1230);
        assert_eq!(money_cents("12.34").unwrap(), 1234);
        // 0.29 is not exactly representable as a float; cents must still be 29.
        assert_eq!(money_cents("0.29").unwrap(), 29);
        assert_eq!(
            money_cents("1234567890123.99").unwrap(),
            123_456_789_012_399
        );
        for bad in [
            "-1", "1.234", "1e3", "$5", "1,000", ".5", "5.", "", " 5", "+5", "NaN",
        ] {
            assert!(money_cents(bad).is_err(), "{bad}");
        }
        assert_eq!(
            money_cents("-1.50").unwrap_err(),
            "must be an amount in US dollars >= 0 with at most 2 decimals, got \"-1.50\""
        );
    }

    #[test]
    fn counts_are_whole_numbers_that_are_not_negative() {
        assert_eq!(count("0").unwrap(), 0);
        assert_eq!(count("1500").unwrap(), 1500);
        assert_eq!(
            count("-3").unwrap_err(),
            "must be a whole number >= 0, got \"-3\""
        );
        for bad in ["3.0", "1e2", "", "x", "1 000"] {
            assert!(count(bad).is_err(), "{bad}");
        }
        assert_eq!(
            count("9999999999999999999").unwrap_err(),
            "must be a whole number >= 0, got \"9999999999999999999\""
        );
    }

    #[test]
    fn tenant_ids_are_uuids_stored_lower_case_and_hyphenated() {
        let t = tenant_id("0B6E1F52-3C2A-4D7E-9F10-5A1B2C3D4E5F").unwrap();
        assert_eq!(
            t.hyphenated().to_string(),
            "0b6e1f52-3c2a-4d7e-9f10-5a1b2c3d4e5f"
        );
        assert!(
            tenant_id("not-a-uuid")
                .unwrap_err()
                .ends_with("got \"not-a-uuid\"")
        );
        assert!(tenant_id("0b6e1f52-3c2a-4d7e-9f10-5a1b2c3d4e5").is_err());
    }

    #[test]
    fn countries_are_assigned_two_letter_codes_in_capitals() {
        assert_eq!(country("US").unwrap(), "US");
        assert_eq!(country("XK").unwrap(), "XK");
        for bad in ["us", "USA", "ZZ", "U", "", "U1"] {
            assert!(country(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn association_types_are_the_five_program_codes() {
        assert_eq!(association_type("CSP_T1").unwrap(), AssociationType::CspT1);
        assert_eq!(
            association_type("cpor").unwrap_err(),
            "must be one of CPOR, PAL, DPOR, CSP_T1, CSP_T2, got \"cpor\""
        );
    }

    #[test]
    fn identifiers_longer_than_the_schema_allows_are_refused() {
        assert!(identifier(&"x".repeat(64)).is_ok());
        assert!(
            identifier(&"x".repeat(65))
                .unwrap_err()
                .starts_with("must be at most 64 characters")
        );
    }

    #[test]
    fn professional_ids_have_1_to_64_characters_and_no_control_character() {
        assert_eq!(professional_id("M1").unwrap(), "M1");
        assert_eq!(
            professional_id(&"x".repeat(65)).unwrap_err(),
            format!(
                "a professional id has 1 to 64 characters, got \"{}\"",
                "x".repeat(65)
            )
        );
        assert!(professional_id("M\t1").is_err());
    }

    #[test]
    fn emails_need_a_local_part_and_a_dotted_domain_and_are_stored_lower_case() {
        assert_eq!(email("P0@X.com").unwrap(), "p0@x.com");
        for bad in ["p0", "@x.com", "p0@", "p 0@x.com", "a@b@c", "p0@localhost"] {
            assert!(email(bad).is_err(), "{bad}");
        }
        assert_eq!(
            email("not-an-email").unwrap_err(),
            "the email must look like name@example.com, got \"not-an-email\""
        );
    }
}
