//! Webhook signatures, in the [Standard Webhooks](https://www.standardwebhooks.com/) scheme: a
//! secret is `whsec_` and the base64 of 32 random bytes; a delivery carries `webhook-id`,
//! `webhook-timestamp` (Unix seconds) and `webhook-signature: v1,<base64 of HMAC-SHA256 over
//! "{id}.{timestamp}.{body}" keyed with the secret's bytes>`. A receiver recomputes the signature,
//! compares it in constant time and refuses timestamps far from its clock (replays).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The prefix of every webhook secret.
pub const SECRET_PREFIX: &str = "whsec_";

/// A new random secret.
pub fn new_secret() -> String {
    let bytes: [u8; 32] = rand::random();
    format!("{SECRET_PREFIX}{}", STANDARD.encode(bytes))
}

/// The key bytes of a secret (`whsec_` and base64; any other text is used as it is).
fn key_of(secret: &str) -> Vec<u8> {
    secret
        .strip_prefix(SECRET_PREFIX)
        .and_then(|b64| STANDARD.decode(b64).ok())
        .unwrap_or_else(|| secret.as_bytes().to_vec())
}

/// The `webhook-signature` header value of `body` sent as message `id` at `timestamp` (`None` only
/// if the key were refused, which HMAC never does: it takes keys of any length).
pub fn sign(secret: &str, id: &str, timestamp: i64, body: &[u8]) -> Option<String> {
    let mac = mac_of(secret, id, timestamp, body)?;
    Some(format!(
        "v1,{}",
        STANDARD.encode(mac.finalize().into_bytes())
    ))
}

fn mac_of(secret: &str, id: &str, timestamp: i64, body: &[u8]) -> Option<Hmac<Sha256>> {
    let mut mac = Hmac::<Sha256>::new_from_slice(&key_of(secret)).ok()?;
    mac.update(id.as_bytes());
    mac.update(b".");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    Some(mac)
}

/// Whether `header` (a `webhook-signature` value: space-separated `v1,<base64>` entries, several
/// while a secret rotates) holds a valid signature of `body` as message `id` at `timestamp`.
pub fn verify(secret: &str, id: &str, timestamp: i64, body: &[u8], header: &str) -> bool {
    header.split(' ').any(|entry| {
        let Some(sig) = entry.strip_prefix("v1,") else {
            return false;
        };
        let Ok(sig) = STANDARD.decode(sig) else {
            return false;
        };
        mac_of(secret, id, timestamp, body).is_some_and(|mac| mac.verify_slice(&sig).is_ok())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_verifies_only_for_the_same_secret_id_time_and_body() {
        let secret = new_secret();
        assert!(secret.starts_with(SECRET_PREFIX));
        let header = sign(&secret, "evt_1", 1_700_000_000, b"{\"a\":1}").expect("signed");
        assert!(header.starts_with("v1,"));
        assert!(verify(
            &secret,
            "evt_1",
            1_700_000_000,
            b"{\"a\":1}",
            &header
        ));
        assert!(!verify(
            &secret,
            "evt_2",
            1_700_000_000,
            b"{\"a\":1}",
            &header
        ));
        assert!(!verify(
            &secret,
            "evt_1",
            1_700_000_001,
            b"{\"a\":1}",
            &header
        ));
        assert!(!verify(
            &secret,
            "evt_1",
            1_700_000_000,
            b"{\"a\":2}",
            &header
        ));
        assert!(!verify(
            &new_secret(),
            "evt_1",
            1_700_000_000,
            b"{\"a\":1}",
            &header
        ));
        let rotating = format!("v1,bm90IGl0 {header}");
        assert!(verify(
            &secret,
            "evt_1",
            1_700_000_000,
            b"{\"a\":1}",
            &rotating
        ));
    }

    #[test]
    fn the_signature_matches_the_standard_webhooks_reference_vector() {
        // The example of the Standard Webhooks specification's reference libraries.
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        let body = br#"{"test": 2432232314}"#;
        assert_eq!(
            sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1_614_265_330, body).as_deref(),
            Some("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
        );
    }
}
