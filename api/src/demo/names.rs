//! Word lists for names, countries and e-mail domains of the demo data. Names are invented; some carry
//! commas and non-ASCII letters on purpose, so that CSV quoting and UTF-8 are exercised end to end.

use super::rng::Rng;

/// A country (ISO 3166-1 alpha-2), how often partners are based there, and its usual company suffixes.
pub(crate) struct Country {
    pub(crate) code: &'static str,
    pub(crate) weight: f64,
    pub(crate) suffixes: &'static [&'static str],
}

pub(crate) const COUNTRIES: &[Country] = &[
    Country {
        code: "US",
        weight: 24.0,
        suffixes: &["Inc.", "LLC", "Corp.", "Inc."],
    },
    Country {
        code: "GB",
        weight: 8.0,
        suffixes: &["Ltd", "Ltd", "plc"],
    },
    Country {
        code: "DE",
        weight: 8.0,
        suffixes: &["GmbH", "GmbH", "AG", "GmbH & Co. KG"],
    },
    Country {
        code: "FR",
        weight: 5.0,
        suffixes: &["SAS", "SARL", "SA"],
    },
    Country {
        code: "NL",
        weight: 4.0,
        suffixes: &["B.V.", "B.V."],
    },
    Country {
        code: "IN",
        weight: 7.0,
        suffixes: &["Pvt. Ltd.", "Private Limited"],
    },
    Country {
        code: "AU",
        weight: 4.0,
        suffixes: &["Pty Ltd", "Pty Ltd"],
    },
    Country {
        code: "CA",
        weight: 4.0,
        suffixes: &["Inc.", "Ltd.", "Corp."],
    },
    Country {
        code: "JP",
        weight: 4.0,
        suffixes: &["K.K.", "Co., Ltd."],
    },
    Country {
        code: "BR",
        weight: 3.0,
        suffixes: &["Ltda.", "S.A."],
    },
    Country {
        code: "ES",
        weight: 3.0,
        suffixes: &["S.L.", "S.A."],
    },
    Country {
        code: "IT",
        weight: 3.0,
        suffixes: &["S.r.l.", "S.p.A."],
    },
    Country {
        code: "SE",
        weight: 2.0,
        suffixes: &["AB"],
    },
    Country {
        code: "NO",
        weight: 1.5,
        suffixes: &["AS"],
    },
    Country {
        code: "DK",
        weight: 1.5,
        suffixes: &["ApS", "A/S"],
    },
    Country {
        code: "FI",
        weight: 1.0,
        suffixes: &["Oy"],
    },
    Country {
        code: "PL",
        weight: 2.0,
        suffixes: &["Sp. z o.o."],
    },
    Country {
        code: "CH",
        weight: 1.5,
        suffixes: &["AG", "GmbH", "SA"],
    },
    Country {
        code: "AT",
        weight: 1.0,
        suffixes: &["GmbH"],
    },
    Country {
        code: "BE",
        weight: 1.0,
        suffixes: &["BV", "SRL", "NV"],
    },
    Country {
        code: "IE",
        weight: 1.0,
        suffixes: &["Ltd", "DAC"],
    },
    Country {
        code: "SG",
        weight: 1.5,
        suffixes: &["Pte. Ltd."],
    },
    Country {
        code: "ZA",
        weight: 1.0,
        suffixes: &["(Pty) Ltd"],
    },
    Country {
        code: "MX",
        weight: 1.5,
        suffixes: &["S.A. de C.V."],
    },
    Country {
        code: "NZ",
        weight: 0.8,
        suffixes: &["Ltd", "Limited"],
    },
    Country {
        code: "AE",
        weight: 1.0,
        suffixes: &["LLC", "FZ-LLC"],
    },
    Country {
        code: "KR",
        weight: 1.0,
        suffixes: &["Co., Ltd."],
    },
    Country {
        code: "CZ",
        weight: 0.8,
        suffixes: &["s.r.o.", "a.s."],
    },
    Country {
        code: "PT",
        weight: 0.8,
        suffixes: &["Lda.", "S.A."],
    },
    Country {
        code: "IL",
        weight: 0.7,
        suffixes: &["Ltd."],
    },
    Country {
        code: "AR",
        weight: 0.7,
        suffixes: &["S.R.L.", "S.A."],
    },
    Country {
        code: "CO",
        weight: 0.6,
        suffixes: &["S.A.S."],
    },
    Country {
        code: "TR",
        weight: 0.8,
        suffixes: &["A.Ş.", "Ltd. Şti."],
    },
    Country {
        code: "EG",
        weight: 0.5,
        suffixes: &["S.A.E."],
    },
    Country {
        code: "KE",
        weight: 0.4,
        suffixes: &["Ltd"],
    },
    Country {
        code: "NG",
        weight: 0.4,
        suffixes: &["Ltd"],
    },
    Country {
        code: "MY",
        weight: 0.6,
        suffixes: &["Sdn. Bhd."],
    },
    Country {
        code: "TH",
        weight: 0.5,
        suffixes: &["Co., Ltd."],
    },
    Country {
        code: "VN",
        weight: 0.5,
        suffixes: &["JSC", "Co., Ltd."],
    },
    Country {
        code: "PH",
        weight: 0.5,
        suffixes: &["Inc."],
    },
];

/// A country index, drawn with the partner weights.
pub(crate) fn country(rng: &mut Rng) -> usize {
    let weights: Vec<f64> = COUNTRIES.iter().map(|c| c.weight).collect();
    rng.weighted(&weights)
}

/// The ISO code of a country index.
pub(crate) fn country_code(i: usize) -> &'static str {
    COUNTRIES.get(i).map_or("US", |c| c.code)
}

fn suffix(rng: &mut Rng, country: usize) -> &'static str {
    COUNTRIES
        .get(country)
        .map_or("Inc.", |c| rng.pick(c.suffixes))
}

const PARTNER_CORES: &[&str] = &[
    "Azurewave",
    "Nimbus",
    "Bluefin",
    "Cobalt",
    "Northwind",
    "Skyline",
    "Quantum",
    "Vertex",
    "Helix",
    "Lumen",
    "Stratus",
    "Meridian",
    "Aurora",
    "Summit",
    "Nordlicht",
    "Cirrus",
    "Pioneer",
    "Atlas",
    "Beacon",
    "Catalyst",
    "Horizon",
    "Keystone",
    "Orbit",
    "Pinnacle",
    "Sapphire",
    "Tandem",
    "Vector",
    "Zenith",
    "Fjord",
    "Kestrel",
    "Harbor",
    "Ember",
    "Granite",
    "Ironbridge",
    "Juniper",
    "Maple",
    "Oakridge",
    "Redwood",
    "Silverline",
    "Tidewater",
    "Bright Arc",
    "Clearpath",
    "Datacraft",
    "Elevate",
    "Fourth Coffee",
    "Greenleaf",
    "Highpoint",
    "Insight Bridge",
    "Jadeite",
    "Kiteworks",
    "Lakeshore",
    "Monarch",
    "Nexora",
    "Onyx",
    "Polaris",
    "Quill",
    "Riverbend",
    "Solace",
    "Trellis",
    "Upland",
    "Valiant",
    "Westbrook",
    "Yellowstone",
    "Zephyr",
    "Alpenblick",
    "Brückner",
    "Côte Azur",
    "Dalarna",
    "Estrela",
    "Fénix",
    "Gdańsk Digital",
    "Hanami",
    "Isla Verde",
    "Kaizen",
    "Löwen",
    "Mistral",
    "Nordhavn",
    "Ostrava",
    "Pampas",
    "Quetzal",
    "Rheintal",
    "Sakura",
    "Tejo",
    "Ural",
    "Vltava",
    "Wanaka",
    "Yarra",
    "Zürichsee",
    "Adatum",
    "Proseware",
    "Litware",
    "Wingtip",
    "Trey Research",
    "Lucerne",
    "Margie's",
    "Tailspin",
    "Wide World",
    "Alpine Ski",
    "Coho",
];

const PARTNER_KINDS: &[&str] = &[
    "Consulting",
    "Cloud Services",
    "IT Solutions",
    "Technologies",
    "Digital",
    "Systems",
    "Partners",
    "Networks",
    "Data",
    "Security",
    "Group",
    "Labs",
    "Informatik",
    "Conseil",
    "Cloud",
    "Managed Services",
    "Solutions",
    "Software",
    "Analytics",
    "Infrastructure",
    "Workplace",
    "Business Solutions",
];

/// A partner name such as `Cobalt Cloud Services GmbH`.
pub(crate) fn partner_name(rng: &mut Rng, country: usize) -> (String, &'static str) {
    let core = rng.pick(PARTNER_CORES);
    let kind = rng.pick(PARTNER_KINDS);
    let name = if rng.chance(0.15) {
        format!("{core} {}", suffix(rng, country))
    } else {
        format!("{core} {kind} {}", suffix(rng, country))
    };
    (name, core)
}

const CUSTOMER_FIRST: &[&str] = &[
    "Blue Harbor",
    "Alpine",
    "Golden Gate",
    "Riverside",
    "Northgate",
    "Evergreen",
    "Silver Lake",
    "Red Rock",
    "Cedar",
    "Pacific",
    "Atlantic",
    "Highland",
    "Metro",
    "Union",
    "Pioneer",
    "Crescent",
    "Sunrise",
    "Prairie",
    "Harbourview",
    "Lakeside",
    "Maplewood",
    "Ironwood",
    "Stonebridge",
    "Falcon",
    "Eagle",
    "Orchid",
    "Lotus",
    "Granite",
    "Coastal",
    "Central",
    "Royal",
    "Frontier",
    "Heritage",
    "Summit",
    "Valley",
    "Beacon Hill",
    "Oak Park",
    "Kingfisher",
    "Müller & Söhne",
    "Société Générale des Eaux",
    "São Bento",
    "Łódź",
    "Ålesund",
    "Kōbe",
    "Mañana",
    "Zöllner",
    "O'Brien",
    "Smith, Jones",
    "Contoso",
    "Fabrikam",
    "Tailwind",
    "Woodgrove",
    "Relecloud",
    "VanArsdel",
    "Humongous",
    "Lamna",
];

const CUSTOMER_KINDS: &[&str] = &[
    "Logistics",
    "Dental Group",
    "Bank",
    "Insurance",
    "Manufacturing",
    "Foods",
    "Health",
    "Hospital",
    "Retail",
    "Motors",
    "Energy",
    "Utilities",
    "Legal",
    "Accounting",
    "Architects",
    "Engineering",
    "University",
    "School District",
    "City Council",
    "Airlines",
    "Shipping",
    "Pharma",
    "Labs",
    "Hotels",
    "Construction",
    "Media",
    "Telecom",
    "Farms",
    "Brewery",
    "Bakery",
    "Textiles",
    "Mining",
    "Real Estate",
    "Credit Union",
    "Clinic",
    "Outfitters",
    "Publishing",
    "Robotics",
    "Chemicals",
];

const CUSTOMER_SUFFIX: &[&str] = &["", "", "", " Group", " Holdings", " International", " Co."];

/// A customer name such as `Blue Harbor Logistics Group`.
pub(crate) fn customer_name(rng: &mut Rng) -> String {
    let first = rng.pick(CUSTOMER_FIRST);
    let kind = rng.pick(CUSTOMER_KINDS);
    let suffix = rng.pick(CUSTOMER_SUFFIX);
    format!("{first} {kind}{suffix}")
}

const FIRST_NAMES: &[&str] = &[
    "Olivia",
    "Liam",
    "Emma",
    "Noah",
    "Ava",
    "Mateo",
    "Sofia",
    "Lucas",
    "Mia",
    "Ethan",
    "Aisha",
    "Omar",
    "Priya",
    "Arjun",
    "Mei",
    "Wei",
    "Yuki",
    "Haruto",
    "Ji-woo",
    "Min-jun",
    "Chloé",
    "Renée",
    "José",
    "Zoë",
    "Łukasz",
    "Søren",
    "Björn",
    "Aoife",
    "Siobhán",
    "Jürgen",
    "Anaïs",
    "Thandiwe",
    "Kwame",
    "Fatima",
    "Ingrid",
    "Lars",
    "Astrid",
    "Camila",
    "Diego",
    "Valentina",
    "Raj",
    "Ananya",
    "Kofi",
    "Ngozi",
    "Elif",
    "Emre",
    "Hana",
    "Tomás",
    "Inês",
    "Nikolai",
    "Olga",
    "Marta",
    "Pieter",
    "Sanne",
    "Grace",
    "Daniel",
    "Sarah",
    "Michael",
    "Laura",
    "David",
    "Anna",
    "James",
    "Maria",
    "Ahmed",
];

const LAST_NAMES: &[&str] = &[
    "Smith",
    "García",
    "Müller",
    "Nguyen",
    "Kim",
    "Patel",
    "Okafor",
    "Rossi",
    "Dubois",
    "Kowalski",
    "Johansson",
    "Nielsen",
    "O'Connor",
    "Tanaka",
    "Sato",
    "Chen",
    "Wang",
    "Singh",
    "Sharma",
    "Silva",
    "Santos",
    "Fernández",
    "López",
    "Novák",
    "Horvat",
    "Yılmaz",
    "Haddad",
    "Mensah",
    "Dlamini",
    "van der Berg",
    "de Vries",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Martin",
    "Bernard",
    "Williams",
    "Brown",
    "Jones",
    "Taylor",
    "Anderson",
    "Lindqvist",
    "Virtanen",
    "Andersen",
    "Costa",
    "Ferreira",
    "Ivanova",
    "Petrov",
    "Cohen",
    "Levi",
    "Murphy",
    "Walsh",
    "Ó Briain",
    "Byrne",
    "Hughes",
    "Park",
];

/// A person's name.
pub(crate) fn person_name(rng: &mut Rng) -> (&'static str, &'static str) {
    (rng.pick(FIRST_NAMES), rng.pick(LAST_NAMES))
}

/// Lower-case ASCII letters and digits of a text, for e-mail addresses and domains: common accented
/// letters lose their accent, anything else is dropped.
pub(crate) fn ascii_slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        let plain = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => "a",
            'ç' => "c",
            'è' | 'é' | 'ê' | 'ë' | 'ễ' => "e",
            'ì' | 'í' | 'î' | 'ï' | 'ı' => "i",
            'ñ' => "n",
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' => "o",
            'ù' | 'ú' | 'û' | 'ü' => "u",
            'ł' => "l",
            'ń' => "n",
            'ś' | 'ş' => "s",
            'ğ' => "g",
            'ß' => "ss",
            c if c.is_ascii_alphanumeric() => {
                out.push(c);
                continue;
            }
            _ => "",
        };
        out.push_str(plain);
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn country_codes_are_two_upper_case_letters_and_unique() {
        let mut codes: Vec<&str> = COUNTRIES.iter().map(|c| c.code).collect();
        assert!(
            codes
                .iter()
                .all(|c| c.len() == 2 && c.chars().all(|x| x.is_ascii_uppercase()))
        );
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), COUNTRIES.len());
        assert!(COUNTRIES.iter().all(|c| !c.suffixes.is_empty()));
    }

    #[test]
    fn slugs_keep_only_ascii_letters_and_digits() {
        assert_eq!(ascii_slug("Zürichsee Cloud 2"), "zurichseecloud2");
        assert_eq!(ascii_slug("Łukasz Ó Briain"), "lukaszobriain");
        assert_eq!(ascii_slug("O'Connor"), "oconnor");
    }
}
