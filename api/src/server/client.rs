//! The client's address, which login throttling keys on. Without trusted proxies it is the TCP peer;
//! behind a reverse proxy listed in `TRUSTED_PROXIES` it is the right-most `X-Forwarded-For` address
//! that is not itself a trusted proxy (addresses further left can be forged by the client).

use std::net::IpAddr;

use actix_web::HttpRequest;

use crate::config::ProxyRange;

/// The client address of a request, given the trusted proxies.
pub fn address(req: &HttpRequest, trusted: &[ProxyRange]) -> Option<IpAddr> {
    let peer = req.peer_addr().map(|a| a.ip());
    let forwarded: Vec<&str> = req
        .headers()
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .collect();
    resolve(peer, &forwarded, trusted)
}

fn resolve(peer: Option<IpAddr>, forwarded: &[&str], trusted: &[ProxyRange]) -> Option<IpAddr> {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|r| r.contains(ip));
    let peer_ip = peer?;
    if !is_trusted(&peer_ip) {
        return Some(peer_ip);
    }
    let mut hops = forwarded
        .iter()
        .flat_map(|h| h.split(','))
        .map(str::trim)
        .collect::<Vec<_>>();
    // From the proxy next to us towards the client: the first address not of a trusted proxy.
    let mut last_trusted = peer_ip;
    while let Some(hop) = hops.pop() {
        match hop.parse::<IpAddr>() {
            Ok(ip) if is_trusted(&ip) => last_trusted = ip,
            Ok(ip) => return Some(ip),
            // A malformed entry: nothing further left can be believed.
            Err(_) => return Some(last_trusted),
        }
    }
    Some(last_trusted)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn ranges(list: &[&str]) -> Vec<ProxyRange> {
        list.iter().map(|s| s.parse().unwrap()).collect()
    }

    #[test]
    fn without_trusted_proxies_the_peer_is_the_client_whatever_it_forwards() {
        assert_eq!(
            resolve(Some(ip("203.0.113.9")), &["198.51.100.1"], &[]),
            Some(ip("203.0.113.9"))
        );
    }

    #[test]
    fn behind_a_trusted_proxy_the_right_most_untrusted_forwarded_address_is_the_client() {
        let trusted = ranges(&["10.0.0.0/8", "127.0.0.1"]);
        // The client forged 1.2.3.4; the proxy appended the real address.
        assert_eq!(
            resolve(
                Some(ip("127.0.0.1")),
                &["1.2.3.4, 198.51.100.7", "10.1.2.3"],
                &trusted
            ),
            Some(ip("198.51.100.7"))
        );
        // Only proxies forwarded: the left-most proxy is the best answer.
        assert_eq!(
            resolve(Some(ip("10.0.0.1")), &["10.0.0.2"], &trusted),
            Some(ip("10.0.0.2"))
        );
        // A malformed entry stops the walk.
        assert_eq!(
            resolve(Some(ip("10.0.0.1")), &["198.51.100.7, junk"], &trusted),
            Some(ip("10.0.0.1"))
        );
    }

    #[test]
    fn proxies_are_addresses_or_cidr_ranges() {
        assert!("10.0.0.0/8".parse::<ProxyRange>().is_ok());
        assert!("::1".parse::<ProxyRange>().is_ok());
        assert!(
            "10.0.0.300"
                .parse::<ProxyRange>()
                .unwrap_err()
                .contains("IP address or CIDR")
        );
    }
}
