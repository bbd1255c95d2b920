//! The reader's tests: columns found by name, every problem of a cell, row and header reported where it
//! is, physical line numbers, and arbitrary bytes read or reported without a panic.

use super::*;
use crate::import::format::FILES;

fn catalogue() -> Catalogue {
    Catalogue::new(
        vec![
            ("MDE".into(), WorkloadFamily::M365),
            ("SENTINEL".into(), WorkloadFamily::Azure),
            ("POWER_BI".into(), WorkloadFamily::BizApps),
            ("D365_CUSTOMER_INSIGHTS".into(), WorkloadFamily::BizApps),
        ],
        vec!["AZ-500".into(), "SC-200".into()],
    )
    .with_specializations(vec!["CLOUD_SECURITY".into(), "THREAT_PROTECTION".into()])
}

fn read(kind: FileKind, text: &str) -> (Parsed, Vec<String>) {
    let mut parsed = Parsed::default();
    let mut problems = Problems::default();
    parsed.read(kind, text.as_bytes(), &catalogue(), &mut problems, false);
    (
        parsed,
        problems
            .into_sorted()
            .iter()
            .map(ToString::to_string)
            .collect(),
    )
}

const T1: &str = "00000000-0000-0000-0000-000000000001";

#[test]
fn columns_are_found_by_name_in_any_order_and_optional_ones_may_be_absent() {
    let (parsed, problems) = read(
        FileKind::CustomerUsage,
        &format!("workload,month,tenant_id,paid_seats\nMDE,2023-01,{T1},30\n"),
    );
    assert_eq!(problems, Vec::<String>::new());
    assert_eq!(parsed.usage.len(), 1);
    assert_eq!(parsed.usage[0].values.get(0), Some(30));
    assert_eq!(parsed.usage[0].values.get(2), None);
    assert_eq!(parsed.usage[0].line, 2);
}

#[test]
fn an_unknown_column_and_a_missing_required_column_are_reported_on_the_header_line() {
    let (parsed, problems) = read(
        FileKind::Partners,
        "partner_id,name,region\nP,Partner P,EU\n",
    );
    assert_eq!(
        problems,
        vec![
            "partners.csv:1: country: missing column; partners.csv must have the columns partner_id, name, country",
            "partners.csv:1: region: unknown column; the columns of partners.csv are partner_id, name, country, anniversary_date",
        ]
    );
    assert!(parsed.partners.is_empty());
    assert_eq!(parsed.unreadable, vec![FileKind::Partners]);
}

#[test]
fn an_unknown_column_does_not_stop_the_rows_from_being_checked() {
    let (_, problems) = read(
        FileKind::Partners,
        "partner_id,name,country,region\nP,Partner P,usa,EU\n",
    );
    assert_eq!(problems.len(), 2);
    assert_eq!(
        problems[1],
        "partners.csv:2: country: must be an ISO 3166-1 alpha-2 country code in capitals such as \"US\", got \"usa\""
    );
}

#[test]
fn a_negative_seat_count_is_reported_with_its_line_column_and_value() {
    let text =
        format!("tenant_id,month,workload,paid_seats\n{T1},2023-01,MDE,30\n{T1},2023-02,MDE,-3\n");
    let (parsed, problems) = read(FileKind::CustomerUsage, &text);
    assert_eq!(
        problems,
        vec!["customer_usage.csv:3: paid_seats: must be a whole number >= 0, got \"-3\""]
    );
    assert_eq!(parsed.usage.len(), 1);
}

#[test]
fn every_bad_cell_of_a_row_is_reported_not_only_the_first() {
    let text = "tenant_id,month,workload,paid_seats,acr_usd\nnope,2023-13,XYZ,x,1.234\n";
    let (_, problems) = read(FileKind::CustomerUsage, text);
    assert_eq!(problems.len(), 5, "{problems:#?}");
    assert!(problems[0].starts_with("customer_usage.csv:2: tenant_id: must be a UUID"));
    assert!(
        problems[1]
            .starts_with("customer_usage.csv:2: month: must be a month YYYY-MM, got \"2023-13\"")
    );
    assert_eq!(
        problems[2],
        "customer_usage.csv:2: workload: unknown workload \"XYZ\" (not in the catalogue)"
    );
    assert!(problems[3].starts_with("customer_usage.csv:2: paid_seats:"));
    assert!(
        problems[4].starts_with("customer_usage.csv:2: acr_usd: must be an amount in US dollars")
    );
}

#[test]
fn a_usage_value_in_a_column_without_meaning_for_the_workload_family_is_refused() {
    let text = format!(
        "tenant_id,month,workload,paid_seats,protected_users,active_users,acr_usd,revenue_usd,profiles\n\
         {T1},2023-01,MDE,1,2,3,,,\n\
         {T1},2023-02,MDE,,,,,,5\n\
         {T1},2023-03,MDE,,,,4.00,,\n\
         {T1},2023-01,SENTINEL,,,,12.50,,\n\
         {T1},2023-02,SENTINEL,10,,,,,\n\
         {T1},2023-01,POWER_BI,,,7,,99.99,\n\
         {T1},2023-02,POWER_BI,,,,,,8\n\
         {T1},2023-01,D365_CUSTOMER_INSIGHTS,,,,,,8\n"
    );
    let (parsed, problems) = read(FileKind::CustomerUsage, &text);
    assert_eq!(
        problems,
        vec![
            "customer_usage.csv:3: profiles: only for Business Applications workloads, got \"5\" for workload MDE (M365)",
            "customer_usage.csv:4: acr_usd: only for Azure workloads, got \"4.00\" for workload MDE (M365)",
            "customer_usage.csv:6: paid_seats: only for Microsoft 365 workloads, got \"10\" for workload SENTINEL (AZURE)",
            "customer_usage.csv:8: profiles: only for the Business Applications workload D365_CUSTOMER_INSIGHTS, got \"8\" for workload POWER_BI (BIZAPPS)",
        ]
    );
    assert_eq!(parsed.usage.len(), 4);
    assert_eq!(parsed.usage[1].values.get(3), Some(1250));
    assert_eq!(parsed.usage[2].values.get(4), Some(9999));
}

#[test]
fn a_duplicate_key_is_reported_on_both_lines() {
    let text = format!(
        "tenant_id,month,workload,paid_seats\n{T1},2023-01,MDE,1\n{T1},2023-02,MDE,1\n{T1},2023-01,MDE,2\n"
    );
    let (_, problems) = read(FileKind::CustomerUsage, &text);
    assert_eq!(
        problems,
        vec![
            format!(
                "customer_usage.csv:2: tenant_id: duplicate row: tenant_id \"{T1}\", month 2023-01, workload MDE is also on line 4"
            ),
            format!(
                "customer_usage.csv:4: tenant_id: duplicate row: tenant_id \"{T1}\", month 2023-01, workload MDE is also on line 2"
            ),
        ]
    );
}

#[test]
fn a_specialization_grant_reads_its_validation_and_refuses_the_same_key_twice() {
    let (parsed, problems) = read(
        FileKind::PartnerSpecializations,
        "partner_id,specialization,granted_on,expires_on,validation\n\
         P,THREAT_PROTECTION,2024-01-01,2024-12-31,AUDIT\n\
         P,CLOUD_SECURITY,2024-01-01,,\n",
    );
    assert_eq!(problems, Vec::<String>::new());
    let cat = catalogue();
    let rows: Vec<String> = parsed
        .specializations
        .iter()
        .map(|r| {
            format!(
                "{} {} {:?} {}",
                cat.specialization_code(r.specialization),
                r.granted_on,
                r.expires_on.map(|d| d.to_string()),
                r.validation
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            "THREAT_PROTECTION 2024-01-01 Some(\"2024-12-31\") AUDIT",
            "CLOUD_SECURITY 2024-01-01 None NONE",
        ]
    );
    let (_, problems) = read(
        FileKind::PartnerSpecializations,
        "partner_id,specialization,granted_on\nP,THREAT_PROTECTION,2024-01-01\nP,THREAT_PROTECTION,2024-01-01\n",
    );
    assert_eq!(
        problems,
        vec![
            "partner_specializations.csv:2: partner_id: duplicate row: partner_id \"P\", specialization THREAT_PROTECTION, granted_on 2024-01-01 is also on line 3",
            "partner_specializations.csv:3: partner_id: duplicate row: partner_id \"P\", specialization THREAT_PROTECTION, granted_on 2024-01-01 is also on line 2",
        ]
    );
}

#[test]
fn tenant_ids_in_capitals_are_the_same_tenant_as_in_lower_case() {
    let text = "tenant_id,tpid,name,country\nABCDEF00-0000-0000-0000-000000000001,,A,US\nabcdef00-0000-0000-0000-000000000001,,B,US\n";
    let (parsed, problems) = read(FileKind::Customers, text);
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert_eq!(
        parsed.tenant_keys.keys[0].hyphenated().to_string(),
        "abcdef00-0000-0000-0000-000000000001"
    );
}

#[test]
fn an_end_before_the_start_is_refused() {
    let text = format!(
        "partner_id,tenant_id,association_type,workload,start_date,end_date\nP,{T1},CPOR,,2023-05-01,2023-04-30\n"
    );
    let (_, problems) = read(FileKind::CustomerAssociations, &text);
    assert_eq!(
        problems,
        vec![
            "customer_associations.csv:2: end_date: must be on or after start_date 2023-05-01, got \"2023-04-30\""
        ]
    );
    let (_, problems) = read(
        FileKind::ProfessionalAssociations,
        "professional_id,partner_id,associated_on,removed_on\nM1,P,2023-05-01,2023-01-01\n",
    );
    assert_eq!(
        problems,
        vec![
            "professional_associations.csv:2: removed_on: must be on or after associated_on 2023-05-01, got \"2023-01-01\""
        ]
    );
    let (_, problems) = read(
        FileKind::ProfessionalCertifications,
        "professional_id,certification,earned_on,expires_on\nM1,AZ-500,2023-05-01,2022-05-01\n",
    );
    assert_eq!(
        problems,
        vec![
            "professional_certifications.csv:2: expires_on: must be on or after earned_on 2023-05-01, got \"2022-05-01\""
        ]
    );
}

#[test]
fn unknown_codes_are_errors_never_skipped() {
    let (parsed, problems) = read(
        FileKind::ProfessionalCertifications,
        "professional_id,certification,earned_on,expires_on\nM1,XX-999,2023-05-01,\nM1,AZ-500,2023-05-01,\n",
    );
    assert_eq!(
        problems,
        vec![
            "professional_certifications.csv:2: certification: unknown certification \"XX-999\" (not in the catalogue)"
        ]
    );
    assert_eq!(parsed.certifications.len(), 1);
    let (_, problems) = read(
        FileKind::CustomerAssociations,
        &format!(
            "partner_id,tenant_id,association_type,workload,start_date\nP,{T1},CPR,NOPE,2023-01-01\n"
        ),
    );
    assert_eq!(problems.len(), 2);
    assert_eq!(
        problems[1],
        "customer_associations.csv:2: workload: unknown workload \"NOPE\" (not in the catalogue)"
    );
}

#[test]
fn required_cells_must_not_be_empty_and_optional_ones_may_be() {
    let (parsed, problems) = read(
        FileKind::Professionals,
        "professional_id,name,email\nM1,,\nM2,Pro 2,\nM3,Pro 3,not-an-email\n",
    );
    assert_eq!(
        problems,
        vec![
            "professionals.csv:2: name: is required, got an empty value",
            "professionals.csv:4: email: the email must look like name@example.com, got \"not-an-email\"",
        ]
    );
    assert_eq!(parsed.professionals.len(), 1);
    // The rows with problems still declare their professionals, so later files do not cascade.
    assert_eq!(parsed.professional_keys.in_file, vec![true, true, true]);
}

#[test]
fn lines_are_physical_lines_even_after_a_quoted_multi_line_cell() {
    let text = "partner_id,name,country\nP1,\"Partner\non two lines\",US\nP2,Partner 2,usa\n";
    let (parsed, problems) = read(FileKind::Partners, text);
    assert_eq!(
        problems,
        vec![
            "partners.csv:4: country: must be an ISO 3166-1 alpha-2 country code in capitals such as \"US\", got \"usa\""
        ]
    );
    assert_eq!(parsed.partners[0].name, "Partner\non two lines");
    // The same with Windows line ends, a blank line and a problem on the multi-line row itself.
    let text =
        "partner_id,name,country\r\n\r\nP1,\"Partner\r\non two lines\",usa\r\nP2,Partner 2,usa\r\n";
    let (_, problems) = read(FileKind::Partners, text);
    let lines: Vec<&str> = problems.iter().map(|p| &p[..15]).collect();
    assert_eq!(lines, vec!["partners.csv:3:", "partners.csv:5:"]);
}

#[test]
fn blank_lines_and_windows_line_ends_keep_the_line_numbers_physical() {
    let text = "partner_id,name,country\r\n\r\nP1,Partner 1,US\r\nP2,Partner 2,XX\r\n";
    let (parsed, problems) = read(FileKind::Partners, text);
    assert_eq!(
        problems,
        vec![
            "partners.csv:4: country: must be an ISO 3166-1 alpha-2 country code in capitals such as \"US\", got \"XX\""
        ]
    );
    assert_eq!(parsed.partners.len(), 1);
    assert_eq!(parsed.partners[0].country, "US");
}

#[test]
fn cells_are_trimmed_and_a_blank_cell_is_no_value() {
    let text = format!("tenant_id,tpid,name,country\n {T1} ,  , Contoso ,US\n");
    let (parsed, problems) = read(FileKind::Customers, &text);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(
        (
            parsed.customers[0].tpid.as_deref(),
            parsed.customers[0].name.as_str()
        ),
        (None, "Contoso")
    );
}

#[test]
fn a_row_with_the_wrong_number_of_fields_is_reported() {
    let (_, problems) = read(
        FileKind::Partners,
        "partner_id,name,country\nP1,Partner 1\n",
    );
    assert_eq!(
        problems,
        vec!["partners.csv:2: -: has 2 fields, the header has 3"]
    );
}

#[test]
fn a_byte_order_mark_and_invalid_utf8_are_handled() {
    let mut parsed = Parsed::default();
    let mut problems = Problems::default();
    let bytes = b"\xEF\xBB\xBFpartner_id,name,country\nP1,Caf\xE9,US\n";
    parsed.read(
        FileKind::Partners,
        &bytes[..],
        &catalogue(),
        &mut problems,
        false,
    );
    let problems: Vec<String> = problems
        .into_sorted()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        problems,
        vec!["partners.csv:2: name: is not valid UTF-8, got \"Caf\u{FFFD}\""]
    );
}

#[test]
fn an_empty_file_needs_at_least_a_header() {
    let (_, problems) = read(FileKind::Professionals, "");
    assert_eq!(
        problems,
        vec!["professionals.csv:1: -: the file is empty; a header row is required"]
    );
}
#[test]
fn every_required_column_missing_from_a_header_is_reported_on_line_one() {
    for kind in FILES.iter().map(|f| f.kind) {
        for (c, column) in kind.columns().iter().enumerate() {
            let header: Vec<&str> = kind
                .columns()
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != c)
                .map(|(_, col)| col.name)
                .collect();
            let (parsed, problems) = read(kind, &format!("{}\n", header.join(",")));
            if column.required {
                assert_eq!(problems.len(), 1, "{problems:?}");
                let start = format!("{}:1: {}: missing column; ", kind.file_name(), column.name);
                assert!(problems[0].starts_with(&start), "{}", problems[0]);
                assert_eq!(parsed.unreadable, vec![kind]);
            } else {
                assert_eq!(problems, Vec::<String>::new());
                assert!(!parsed.carries(kind, c));
                assert!(parsed.carries(kind, (c + 1) % kind.columns().len()));
            }
        }
    }
}

#[test]
fn a_nul_character_in_a_cell_is_refused_where_it_is() {
    let (parsed, problems) = read(
        FileKind::Partners,
        "partner_id,name,country\nP1,Bad\0Name,US\nP2,Fine,US\n",
    );
    assert_eq!(
        problems,
        vec!["partners.csv:2: name: must not contain NUL characters, got \"Bad\\\\0Name\""]
    );
    assert_eq!(parsed.partners.len(), 1);
    // In an optional cell too: it is not taken for an empty one.
    let (parsed, problems) = read(
        FileKind::Professionals,
        "professional_id,name,email\nM1,Pro,\0\n",
    );
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].starts_with("professionals.csv:2: email: must not contain NUL"));
    assert!(parsed.professionals.is_empty());
}

#[test]
fn only_spaces_are_trimmed_a_leading_tab_stays_part_of_the_value() {
    let (parsed, problems) = read(
        FileKind::Partners,
        "partner_id,name,country\n P1 ,\t=1+1,US\nP2,  =2+2\t, US \n",
    );
    assert_eq!(problems, Vec::<String>::new());
    assert_eq!(parsed.partners[0].name, "\t=1+1");
    assert_eq!(parsed.partners[1].name, "=2+2\t");
    assert_eq!(parsed.partner_keys.keys, vec!["P1", "P2"]);
    // A tab around a code is not trimmed away either: the code is refused as written.
    let (_, problems) = read(
        FileKind::Partners,
        "partner_id,name,country\nP1,Name,\tUS\n",
    );
    assert_eq!(
        problems,
        vec![
            "partners.csv:2: country: must be an ISO 3166-1 alpha-2 country code in capitals such as \"US\", got \"\\tUS\""
        ]
    );
}

mod arbitrary_input {
    use proptest::prelude::*;

    use super::super::*;
    use super::catalogue;
    use crate::import::format::FILES;

    /// Bytes that make CSV interesting: separators, quotes, line ends, NUL, tabs, digits, dashes,
    /// and bytes that are not UTF-8.
    fn csv_bytes() -> impl Strategy<Value = Vec<u8>> {
        prop::collection::vec(
            prop_oneof![
                4 => prop::sample::select(b",\"\n\r\0\t -.@:0123456789AEMPSUZaez".to_vec()),
                1 => any::<u8>(),
            ],
            0..400,
        )
    }

    fn rows_of(parsed: &Parsed, kind: FileKind) -> usize {
        match kind {
            FileKind::Partners => parsed.partners.len(),
            FileKind::Customers => parsed.customers.len(),
            FileKind::CustomerAssociations => parsed.customer_associations.len(),
            FileKind::CustomerUsage => parsed.usage.len(),
            FileKind::Professionals => parsed.professionals.len(),
            FileKind::ProfessionalCertifications => parsed.certifications.len(),
            FileKind::ProfessionalAssociations => parsed.professional_associations.len(),
            FileKind::PartnerSpecializations => parsed.specializations.len(),
        }
    }

    /// Reads `input` as a file of `kind` and checks that every problem names the file, a line
    /// and a column, and that without problems every record became a row.
    fn check_read(kind: FileKind, input: &[u8]) -> Result<(), TestCaseError> {
        let mut parsed = Parsed::default();
        let mut problems = Problems::default();
        parsed.read(kind, input, &catalogue(), &mut problems, false);
        let problems = problems.into_sorted();
        for p in &problems {
            prop_assert_eq!(&p.file, kind.file_name());
            prop_assert!(p.line >= 1, "{}", p);
            prop_assert!(!p.column.is_empty() && !p.message.is_empty(), "{}", p);
        }
        if problems.is_empty() {
            let records = csv::ReaderBuilder::new()
                .has_headers(true)
                .flexible(true)
                .from_reader(input)
                .byte_records()
                .count();
            prop_assert_eq!(rows_of(&parsed, kind), records);
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        #[test]
        fn the_cell_parsers_accept_or_explain_any_text(s in ".{0,24}", b in csv_bytes()) {
            let texts = [s, String::from_utf8_lossy(&b).into_owned()];
            for t in &texts {
                let messages = [
                    parse::date(t).err(),
                    parse::month(t).err(),
                    parse::money_cents(t).err(),
                    parse::count(t).err(),
                    parse::tenant_id(t).err(),
                    parse::country(t).err(),
                    parse::association_type(t).err(),
                    parse::identifier(t).err(),
                    parse::email(t).err(),
                ];
                for m in messages.into_iter().flatten() {
                    prop_assert!(!m.is_empty());
                }
            }
        }

        #[test]
        fn any_bytes_as_any_file_are_read_or_reported_never_a_panic(
            k in 0..FILES.len(),
            bytes in csv_bytes(),
        ) {
            check_read(FILES[k].kind, &bytes)?;
        }

        #[test]
        fn any_rows_under_a_valid_header_are_read_or_reported_never_a_panic(
            k in 0..FILES.len(),
            body in csv_bytes(),
        ) {
            let kind = FILES[k].kind;
            let header: Vec<&str> = kind.columns().iter().map(|c| c.name).collect();
            let mut input = format!("{}\n", header.join(",")).into_bytes();
            input.extend_from_slice(&body);
            check_read(kind, &input)?;
        }
    }
}
