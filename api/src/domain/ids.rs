//! The identifiers that input names things by: a professional's certification profile id and a
//! customer's tenant id. Each has one parse with one message, shared by the importer, the writes
//! and `simulateScore`; surrounding whitespace is the caller's to trim (the API trims it, the
//! importer trims spaces only, so a tab stays part of what the file wrote).

use std::fmt;

use uuid::Uuid;

/// The longest professional id the schema accepts, in characters.
pub const MAX_PROFESSIONAL_ID_CHARS: usize = 64;

/// A certification profile id: 1 to 64 characters, none of them a control character.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ProfessionalId(String);

/// Why a text is not a professional id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a professional id has 1 to 64 characters")]
pub struct ProfessionalIdError;

impl ProfessionalId {
    /// Reads a profile id as written (not trimmed).
    pub fn parse(text: &str) -> Result<Self, ProfessionalIdError> {
        let chars = text.chars().count();
        if chars == 0 || chars > MAX_PROFESSIONAL_ID_CHARS || text.chars().any(char::is_control) {
            return Err(ProfessionalIdError);
        }
        Ok(Self(text.to_string()))
    }

    /// The id.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The id, as an owned text.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for ProfessionalId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A customer tenant id: a UUID, read in any of its usual spellings (hyphenated, 32 hex digits,
/// braces, a `urn:uuid:` prefix, any case) and written lower-case with hyphens, so every spelling of
/// one UUID is the same tenant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TenantId(Uuid);

/// Why a text is not a tenant id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("must be a UUID such as \"0b6e1f52-3c2a-4d7e-9f10-5a1b2c3d4e5f\"")]
pub struct TenantIdError;

impl TenantId {
    /// Reads a tenant id as written (not trimmed).
    pub fn parse(text: &str) -> Result<Self, TenantIdError> {
        Uuid::try_parse(text).map(Self).map_err(|_| TenantIdError)
    }

    /// The UUID.
    pub fn uuid(self) -> Uuid {
        self.0
    }
}

impl fmt::Display for TenantId {
    /// Lower-case and hyphenated, as stored.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0.hyphenated(), f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_professional_id_has_1_to_64_characters_and_no_control_character() {
        assert_eq!(
            ProfessionalId::parse("M9").map(ProfessionalId::into_string),
            Ok("M9".to_string())
        );
        assert!(ProfessionalId::parse(&"é".repeat(64)).is_ok());
        for bad in ["", "M\t9", "M\n9", "M\u{0}9"] {
            assert_eq!(
                ProfessionalId::parse(bad),
                Err(ProfessionalIdError),
                "{bad:?}"
            );
        }
        assert!(ProfessionalId::parse(&"x".repeat(65)).is_err());
        assert_eq!(
            ProfessionalIdError.to_string(),
            "a professional id has 1 to 64 characters"
        );
    }

    #[test]
    fn every_spelling_of_a_tenant_uuid_is_one_tenant_written_lower_case_with_hyphens() {
        let canonical = "0b6e1f52-3c2a-4d7e-9f10-5a1b2c3d4e5f";
        for spelling in [
            canonical,
            "0B6E1F52-3C2A-4D7E-9F10-5A1B2C3D4E5F",
            "0b6e1f523c2a4d7e9f105a1b2c3d4e5f",
            "{0b6e1f52-3c2a-4d7e-9f10-5a1b2c3d4e5f}",
            "urn:uuid:0b6e1f52-3c2a-4d7e-9f10-5a1b2c3d4e5f",
        ] {
            let t = TenantId::parse(spelling).map(|t| t.to_string());
            assert_eq!(t.as_deref(), Ok(canonical), "{spelling}");
        }
        for bad in [
            "not-a-uuid",
            "0b6e1f52-3c2a-4d7e-9f10-5a1b2c3d4e5",
            " 0b6e1f52-3c2a-4d7e-9f10-5a1b2c3d4e5f",
            "00000000-0000-0000-0000-00000000009x",
        ] {
            assert_eq!(TenantId::parse(bad), Err(TenantIdError), "{bad}");
        }
    }
}
