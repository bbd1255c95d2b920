//! Access tokens: HS256 JWTs that live 15 minutes by default (RFC 8725).
//!
//! The algorithm is pinned (the header's `alg` is never trusted), `exp`, `nbf`, `iss`, `aud` and `sub`
//! are required and checked with 5 s of leeway, the header must say `typ: JWT`, and headers that point
//! at keys (`kid`, `jku`, `jwk`, `x5u`, `x5c`, `crit`) are refused without being followed: this server
//! has one key and never looks one up.

use std::fmt;
use std::time::Duration;

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

use super::secret::Secret;
use super::{AuthError, Role, refused, stored_role};
use crate::config::Config;
use crate::error::AppError;

/// The `iss` of every access token.
pub const ISSUER: &str = "partnergraph";
/// The `aud` of every access token.
pub const AUDIENCE: &str = "partnergraph-api";
/// Seconds of clock difference tolerated on `exp` and `nbf`.
pub const LEEWAY_SECS: u64 = 5;
/// The longest token looked at; a real one is a few hundred bytes.
pub const MAX_TOKEN_BYTES: usize = 4 * 1024;

/// The claims of an access token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessClaims {
    /// The user's id, as a string.
    pub sub: String,
    /// `ADMIN`, `PARTNER_ADMIN` or `ANALYST`.
    pub role: String,
    /// The PartnerID of a partner admin.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner: Option<String>,
    /// The user row's version when the token was issued: a password reset, role change or disabling
    /// bumps it and so ends every token issued before.
    pub ver: i32,
    /// Always [`ISSUER`].
    pub iss: String,
    /// Always [`AUDIENCE`].
    pub aud: String,
    /// Issued at (seconds since the epoch).
    pub iat: u64,
    /// Not before.
    pub nbf: u64,
    /// Expires at.
    pub exp: u64,
    /// A unique id.
    pub jti: String,
}

impl AccessClaims {
    /// The user id of `sub`.
    pub fn user_id(&self) -> Option<i64> {
        self.sub.parse().ok()
    }

    /// The role claim; `None` for an unknown role.
    pub fn role(&self) -> Option<Role> {
        stored_role(&self.role)
    }
}

/// The signing and verifying keys, the validation rules and the token lifetime. `Debug` shows no key.
pub struct AuthKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    ttl: Duration,
}

impl fmt::Debug for AuthKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthKeys")
            .field("algorithm", &Algorithm::HS256)
            .field("ttl", &self.ttl)
            .finish_non_exhaustive()
    }
}

impl AuthKeys {
    /// Keys from a secret; a weak secret is refused (the message never holds the secret).
    pub fn new(secret: &Secret, ttl: Duration) -> Result<Self, AppError> {
        secret.check_strength().map_err(AppError::Startup)?;
        let mut validation = Validation::new(Algorithm::HS256);
        validation.validate_exp = true;
        validation.validate_nbf = true;
        validation.validate_aud = true;
        validation.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub"]);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.leeway = LEEWAY_SECS;
        Ok(AuthKeys {
            encoding: EncodingKey::from_secret(secret.expose()),
            decoding: DecodingKey::from_secret(secret.expose()),
            validation,
            ttl,
        })
    }

    /// The keys of this configuration: the configured secret or the generated one (see
    /// [`super::secret::load`]); call at start-up so a weak or missing secret stops the server.
    pub fn from_config(config: &Config) -> Result<Self, AppError> {
        let secret = super::secret::load(config)?;
        AuthKeys::new(&secret, Duration::from_secs(config.access_token_ttl_secs))
    }

    /// How long a new token lives.
    pub fn ttl(&self) -> Duration {
        self.ttl
    }

    /// A signed access token for a user.
    pub fn issue(
        &self,
        user_id: i64,
        role: Role,
        partner: Option<&str>,
        version: i32,
    ) -> Result<String, AuthError> {
        Ok(self.issue_with_expiry(user_id, role, partner, version)?.0)
    }

    /// [`AuthKeys::issue`], with the token's `exp`.
    pub fn issue_with_expiry(
        &self,
        user_id: i64,
        role: Role,
        partner: Option<&str>,
        version: i32,
    ) -> Result<(String, u64), AuthError> {
        let now = now_secs();
        let claims = AccessClaims {
            sub: user_id.to_string(),
            role: role.as_str().to_owned(),
            partner: partner.map(str::to_owned),
            ver: version,
            iss: ISSUER.to_owned(),
            aud: AUDIENCE.to_owned(),
            iat: now,
            nbf: now,
            exp: now.saturating_add(self.ttl.as_secs()),
            jti: uuid::Uuid::new_v4().simple().to_string(),
        };
        Ok((self.sign(&claims)?, claims.exp))
    }

    /// Signs any claims with this key, HS256, `typ: JWT`.
    pub(crate) fn sign(&self, claims: &AccessClaims) -> Result<String, AuthError> {
        let mut header = Header::new(Algorithm::HS256);
        header.typ = Some("JWT".to_owned());
        jsonwebtoken::encode(&header, claims, &self.encoding).map_err(AuthError::internal)
    }

    /// The claims of a valid token; `Unauthenticated` otherwise, the reason logged at debug.
    pub fn verify(&self, token: &str) -> Result<AccessClaims, AuthError> {
        if token.len() > MAX_TOKEN_BYTES {
            return Err(refused("token too long"));
        }
        let data = jsonwebtoken::decode::<AccessClaims>(token, &self.decoding, &self.validation)
            .map_err(|e| {
                tracing::debug!(reason = %e, "access token refused");
                AuthError::Unauthenticated
            })?;
        let header = &data.header;
        if header.typ.as_deref() != Some("JWT") {
            return Err(refused("access token without typ JWT"));
        }
        if header.kid.is_some()
            || header.jku.is_some()
            || header.jwk.is_some()
            || header.x5u.is_some()
            || header.x5c.is_some()
            || header.crit.is_some()
            || header.cty.is_some()
        {
            return Err(refused("access token header names a key or extension"));
        }
        let claims = data.claims;
        // A token lives at most the configured lifetime: one signed with the right key but minted to
        // last longer (by a leaked key's holder, or before the lifetime was shortened) is refused.
        let longest = self.ttl.as_secs().saturating_add(LEEWAY_SECS);
        if claims.exp.saturating_sub(claims.iat) > longest
            || claims.exp > now_secs().saturating_add(longest)
            || claims.iat > now_secs().saturating_add(LEEWAY_SECS)
        {
            return Err(refused(
                "access token lives longer than the configured lifetime",
            ));
        }
        if claims.role().is_none() {
            return Err(refused("access token with an unknown role"));
        }
        if claims.user_id().is_none() {
            return Err(refused("access token whose sub is not a user id"));
        }
        Ok(claims)
    }
}

fn now_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    //! The forged tokens of verification-plan §4.4 (J2–J9), minted by hand like `forge_jwt.py`.
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use base64::Engine as _;
    use hmac_sha::{hmac_sha256, hmac_sha512};
    use serde_json::{Value, json};

    use super::*;

    const KEY: &str = "m3Yq9vJ0tR7wXc2LpZ8sKf4HbN6aUe1DgQ5oIy0";

    fn keys() -> AuthKeys {
        AuthKeys::new(&Secret::from(KEY), Duration::from_secs(900)).unwrap()
    }

    fn b64(bytes: &[u8]) -> String {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    }

    fn enc(header: &Value, payload: &Value) -> String {
        format!(
            "{}.{}",
            b64(header.to_string().as_bytes()),
            b64(payload.to_string().as_bytes())
        )
    }

    fn hs256(signing_input: &str, key: &[u8]) -> String {
        format!(
            "{signing_input}.{}",
            b64(&hmac_sha256(key, signing_input.as_bytes()))
        )
    }

    fn now() -> u64 {
        now_secs()
    }

    fn header() -> Value {
        json!({"alg": "HS256", "typ": "JWT"})
    }

    fn payload() -> Value {
        let now = now();
        json!({
            "sub": "42", "role": "ADMIN", "ver": 1, "iss": ISSUER, "aud": AUDIENCE,
            "iat": now, "nbf": now, "exp": now + 600, "jti": "j"
        })
    }

    fn forged(payload: &Value) -> String {
        hs256(&enc(&header(), payload), KEY.as_bytes())
    }

    fn with(mut p: Value, key: &str, value: Value) -> Value {
        p[key] = value;
        p
    }

    fn without(mut p: Value, key: &str) -> Value {
        p.as_object_mut().unwrap().remove(key);
        p
    }

    fn refused(token: &str) -> bool {
        matches!(keys().verify(token), Err(AuthError::Unauthenticated))
    }

    #[test]
    fn an_issued_token_round_trips_with_its_claims() {
        let keys = keys();
        let token = keys.issue(42, Role::PartnerAdmin, Some("P-1"), 3).unwrap();
        let claims = keys.verify(&token).unwrap();
        assert_eq!(claims.user_id(), Some(42));
        assert_eq!(claims.role(), Some(Role::PartnerAdmin));
        assert_eq!(claims.partner.as_deref(), Some("P-1"));
        assert_eq!(claims.ver, 3);
        assert_eq!(
            (claims.iss.as_str(), claims.aud.as_str()),
            (ISSUER, AUDIENCE)
        );
        assert_eq!(claims.exp - claims.iat, 900);
        assert_eq!(claims.nbf, claims.iat);
        let header = jsonwebtoken::decode_header(&token).unwrap();
        assert_eq!(header.alg, Algorithm::HS256);
        assert_eq!(header.typ.as_deref(), Some("JWT"));
        assert_ne!(
            keys.verify(&keys.issue(42, Role::Admin, None, 1).unwrap())
                .unwrap()
                .jti,
            keys.verify(&keys.issue(42, Role::Admin, None, 1).unwrap())
                .unwrap()
                .jti
        );
    }

    #[test]
    fn a_token_of_a_non_partner_role_carries_no_partner_claim() {
        let keys = keys();
        let token = keys.issue(1, Role::Analyst, None, 1).unwrap();
        let body = token.split('.').nth(1).unwrap();
        let json: Value = serde_json::from_slice(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(body)
                .unwrap(),
        )
        .unwrap();
        assert!(json.get("partner").is_none());
        assert_eq!(json["role"], "ANALYST");
    }

    #[test]
    fn a_hand_minted_valid_token_is_accepted_so_the_refusals_below_mean_something() {
        assert!(keys().verify(&forged(&payload())).is_ok());
    }

    #[test]
    fn j2_alg_none_in_any_spelling_is_refused() {
        for alg in ["none", "None", "NONE", "nOnE"] {
            let token = format!("{}.", enc(&json!({"alg": alg, "typ": "JWT"}), &payload()));
            assert!(refused(&token), "{alg}");
        }
    }

    #[test]
    fn j3_hs512_is_not_on_the_allowlist() {
        let si = enc(&json!({"alg": "HS512", "typ": "JWT"}), &payload());
        let token = format!("{si}.{}", b64(&hmac_sha512(KEY.as_bytes(), si.as_bytes())));
        assert!(refused(&token));
    }

    #[test]
    fn j4_a_wrong_key_or_a_tampered_role_is_refused() {
        let wrong = hs256(
            &enc(&header(), &payload()),
            b"not-the-server-key-0123456789abcdef",
        );
        assert!(refused(&wrong));
        // Signed as ANALYST, then the payload swapped for the ADMIN one.
        let signed = forged(&with(payload(), "role", json!("ANALYST")));
        let mut parts: Vec<String> = signed.split('.').map(str::to_owned).collect();
        parts[1] = enc(&header(), &payload())
            .split('.')
            .nth(1)
            .unwrap()
            .to_owned();
        assert!(refused(&parts.join(".")));
    }

    #[test]
    fn an_unknown_role_or_a_non_numeric_subject_is_refused_even_when_signed() {
        assert!(refused(&forged(&with(payload(), "role", json!("viewer")))));
        assert!(refused(&forged(&with(payload(), "role", json!("admin")))));
        assert!(refused(&forged(&with(payload(), "sub", json!("u-test")))));
        assert!(refused(&forged(&without(payload(), "sub"))));
    }

    #[test]
    fn j5_expired_beyond_the_leeway_no_exp_and_future_nbf_are_refused() {
        let now = now();
        assert!(refused(&forged(&with(payload(), "exp", json!(now - 3600)))));
        assert!(refused(&forged(&with(payload(), "exp", json!(now - 30)))));
        assert!(refused(&forged(&without(payload(), "exp"))));
        assert!(refused(&forged(&with(payload(), "nbf", json!(now + 3600)))));
        assert!(refused(&forged(&with(payload(), "nbf", json!(now + 30)))));
        assert!(refused(&forged(&without(payload(), "nbf"))));
    }

    #[test]
    fn j5_the_leeway_is_five_seconds_not_the_crate_default_of_sixty() {
        let now = now();
        // Within the leeway: accepted (a clock a second or two behind must not log people out).
        assert!(!refused(&forged(&with(payload(), "exp", json!(now - 1)))));
        // Past it (and well inside the crate's default 60 s): refused.
        assert!(refused(&forged(&with(payload(), "exp", json!(now - 20)))));
        assert_eq!(keys().validation.leeway, 5);
    }

    #[test]
    fn a_token_minted_to_live_longer_than_the_configured_lifetime_is_refused_even_when_signed() {
        let now = now();
        // The keys' lifetime is 900 s: a correctly signed token for a day is not accepted.
        assert!(refused(&forged(&with(
            payload(),
            "exp",
            json!(now + 86_400)
        ))));
        assert!(refused(&forged(&with(
            with(payload(), "iat", json!(now - 10)),
            "exp",
            json!(now + 900 + 60)
        ))));
        // Issued in the future: refused.
        assert!(refused(&forged(&with(payload(), "iat", json!(now + 3600)))));
        // Exactly the lifetime: accepted.
        assert!(!refused(&forged(&with(payload(), "exp", json!(now + 900)))));
    }

    #[test]
    fn j6_exp_or_nbf_of_the_wrong_json_type_is_refused() {
        let far = (now() + 1_000_000_000).to_string();
        assert!(refused(&forged(&with(payload(), "exp", json!(far)))));
        assert!(refused(&forged(&with(payload(), "nbf", json!(far)))));
        assert!(refused(&forged(&with(
            payload(),
            "nbf",
            json!(now().to_string())
        ))));
    }

    #[test]
    fn j7_wrong_or_missing_audience_and_wrong_issuer_are_refused() {
        assert!(refused(&forged(&with(
            payload(),
            "aud",
            json!("other-service")
        ))));
        assert!(refused(&forged(&without(payload(), "aud"))));
        assert!(refused(&forged(&with(payload(), "iss", json!("evil")))));
        assert!(refused(&forged(&without(payload(), "iss"))));
    }

    #[test]
    fn j8_headers_that_point_at_keys_are_refused_without_being_followed() {
        let jku = json!({"alg": "HS256", "typ": "JWT", "jku": "http://127.0.0.1:9/jwks.json", "kid": "x"});
        assert!(refused(&hs256(&enc(&jku, &payload()), KEY.as_bytes())));
        let kid = json!({"alg": "HS256", "typ": "JWT", "kid": "../../../../dev/null' OR '1'='1"});
        assert!(refused(&hs256(&enc(&kid, &payload()), KEY.as_bytes())));
    }

    #[test]
    fn a_token_without_typ_jwt_is_refused() {
        let no_typ = json!({"alg": "HS256"});
        assert!(refused(&hs256(&enc(&no_typ, &payload()), KEY.as_bytes())));
        let other = json!({"alg": "HS256", "typ": "at+jwt"});
        assert!(refused(&hs256(&enc(&other, &payload()), KEY.as_bytes())));
    }

    #[test]
    fn j9_two_parts_garbage_and_a_64_kib_token_are_refused_without_panicking() {
        let valid = forged(&payload());
        let two: Vec<&str> = valid.split('.').take(2).collect();
        assert!(refused(&two.join(".")));
        for garbage in [
            "not.a.jwt",
            "",
            ".",
            "..",
            "a.b.c.d",
            "\u{0}.\u{0}.\u{0}",
            "\u{1f4a5}.\u{1f4a5}.\u{1f4a5}",
        ] {
            assert!(refused(garbage), "{garbage:?}");
        }
        let huge = forged(&with(payload(), "pad", json!("A".repeat(65_536))));
        assert!(huge.len() > 64 * 1024);
        assert!(refused(&huge));
    }

    #[test]
    fn a_weak_secret_cannot_make_keys() {
        assert!(AuthKeys::new(&Secret::from("short"), Duration::from_secs(900)).is_err());
        assert!(AuthKeys::new(&Secret::new("x".repeat(64)), Duration::from_secs(900)).is_err());
    }

    #[test]
    fn the_keys_debug_output_holds_no_key_material() {
        let shown = format!("{:?}", keys());
        assert!(!shown.contains(KEY) && shown.contains("AuthKeys"));
    }

    /// HMAC from the `sha2` primitives, so the forgeries do not reuse the code under test.
    mod hmac_sha {
        use sha2::{Digest, Sha256, Sha512};

        fn hmac<D: Digest>(block: usize, key: &[u8], msg: &[u8]) -> Vec<u8> {
            let mut k = if key.len() > block {
                D::digest(key).to_vec()
            } else {
                key.to_vec()
            };
            k.resize(block, 0);
            let ipad: Vec<u8> = k.iter().map(|b| b ^ 0x36).collect();
            let opad: Vec<u8> = k.iter().map(|b| b ^ 0x5c).collect();
            let inner = D::new().chain_update(&ipad).chain_update(msg).finalize();
            D::new()
                .chain_update(&opad)
                .chain_update(inner)
                .finalize()
                .to_vec()
        }

        pub(super) fn hmac_sha256(key: &[u8], msg: &[u8]) -> Vec<u8> {
            hmac::<Sha256>(64, key, msg)
        }

        pub(super) fn hmac_sha512(key: &[u8], msg: &[u8]) -> Vec<u8> {
            hmac::<Sha512>(128, key, msg)
        }
    }
}
