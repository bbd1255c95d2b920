//! An e-mail address, of a user account or of a professional: one parse with one message, shared by
//! the accounts, the writes and the importer. Addresses are compared and stored lower-case.

use std::fmt;

/// An e-mail address: `local@domain.tld`, lower-case, no whitespace, at most 254 bytes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Email(String);

/// Why a text is not an e-mail address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the email must look like name@example.com")]
pub struct EmailError;

impl Email {
    /// Reads an address as written (not trimmed), lower-casing it: a local part of 1 to 64 bytes, an
    /// `@`, and a domain with a dot that neither starts nor ends with one nor holds two in a row; no
    /// whitespace or control character, at most 254 bytes in all.
    pub fn parse(text: &str) -> Result<Self, EmailError> {
        let email = text.to_lowercase();
        if email.len() > 254 || email.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(EmailError);
        }
        let (local, domain) = email.split_once('@').ok_or(EmailError)?;
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && !domain.contains('@');
        if local.is_empty() || local.len() > 64 || !domain_ok {
            return Err(EmailError);
        }
        Ok(Self(email))
    }

    /// The form an address is looked up by: trimmed and lower-case (whether or not it is valid).
    pub fn normalize(text: &str) -> String {
        text.trim().to_lowercase()
    }

    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The address, as an owned text.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_lower_cased_and_need_a_local_part_and_a_dotted_domain() {
        assert_eq!(
            Email::parse("Ada@Example.COM").map(Email::into_string),
            Ok("ada@example.com".to_string())
        );
        for ok in ["a@b.co", "first.last+tag@sub.example.org", "p0@x.com"] {
            assert!(Email::parse(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "ada",
            "@example.com",
            "ada@",
            "ada@example",
            "ada@.example.com",
            "ada@example.com.",
            "ada@@example.com",
            "a@b@c.com",
            "ad a@example.com",
            " ada@example.com",
            "ada@exa..mple.com",
            "ada\t@example.com",
        ] {
            assert_eq!(Email::parse(bad), Err(EmailError), "{bad:?}");
        }
        assert!(Email::parse(&format!("{}@example.com", "a".repeat(65))).is_err());
        assert!(Email::parse(&format!("a@{}.com", "b".repeat(250))).is_err());
        assert_eq!(Email::normalize("  Ada@Example.COM "), "ada@example.com");
    }
}
