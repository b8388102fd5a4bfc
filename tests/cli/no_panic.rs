//! SPEC §9: no panic on any input. Property tests for every cell parser, header matching and
//! the `Calcul`/`Filtre` expressions, and random bytes named `.xlsx`.

use proptest::prelude::*;
use spaser::catalogue::{Catalogue, SheetKind};
use spaser::parse::{boolean, date, enumeration, expression, identifiers, number};
use spaser::recognise::matcher::Matcher;

proptest! {
    #[test]
    fn amount_date_boolean_and_identifier_parsers_never_panic(text in "\\PC{0,40}") {
        let _ = number::parse_amount_text(&text);
        let _ = number::parse_percent_text(&text);
        let _ = number::parse_non_negative_text(&text, "Valeur");
        let _ = date::parse_date_text(&text);
        let _ = boolean::parse_boolean_text(&text);
        let _ = spaser::model::Code::new(&text);
        let _ = identifiers::fa_label(&text);
        let _ = identifiers::siret_digits(&text);
        let _ = identifiers::cpv_is_well_formed(&text);
    }

    #[test]
    fn french_numbers_round_trip_through_text(units in 0u64..10_000_000_000, cents in 0u64..100) {
        let formatted = format!("{},{:02} €", number::format_french(rust_decimal::Decimal::from(units)), cents);
        let parsed = number::parse_amount_text(&formatted).expect("a French amount parses");
        prop_assert_eq!(parsed, rust_decimal::Decimal::new((units * 100 + cents) as i64, 2));
    }

    #[test]
    fn enumeration_and_header_matching_never_panic(text in "\\PC{0,40}", group in "\\PC{0,20}") {
        let catalogue = Catalogue::builtin().expect("catalogue");
        if let Some(spec) = catalogue.enumeration("procedure") {
            let _ = enumeration::parse_enum(&text, spec, "Procédure");
        }
        for kind in SheetKind::ALL {
            let matcher = Matcher::new(catalogue.kind(kind));
            let _ = matcher.match_header(Some(&group), &text);
            let _ = matcher.closest(&text, &|k: &str| k.to_string());
        }
    }

    #[test]
    fn calcul_and_filtre_expressions_never_panic(
        text in "\\PC{0,60}",
        field in "(montant_ht|alloti|nature|date_notification|actions_ciblees|objet|x)",
        op in "(=|!=|<|<=|>|>=|=>|contient|≥|<>|)",
        value in "\\PC{0,20}",
    ) {
        let catalogue = Catalogue::builtin().expect("catalogue");
        let _ = expression::parse_calcul(&text, &catalogue);
        let _ = expression::parse_conditions(&text, &catalogue);
        let condition = format!("{field} {op} {value}");
        let _ = expression::parse_conditions(&condition, &catalogue);
        let _ = expression::parse_calcul(&format!("part:{condition}"), &catalogue);
        let _ = expression::parse_computation(&format!("part_montant:{condition}"), Some(&text), &catalogue);
    }

    #[test]
    fn computed_shares_stay_between_0_and_100(
        flags in proptest::collection::vec((any::<bool>(), 0u32..1_000_000), 0..60),
    ) {
        let catalogue = Catalogue::builtin().expect("catalogue");
        let purchases: Vec<spaser::model::Purchase> = flags
            .iter()
            .map(|(alloti, cents)| spaser::model::Purchase {
                statut: "Notifié".into(),
                date_notification: chrono::NaiveDate::from_ymd_opt(2024, 5, 1),
                alloti: Some(*alloti),
                montant_ht: Some(rust_decimal::Decimal::new(i64::from(*cents), 2)),
                ..Default::default()
            })
            .collect();
        for calcul in ["part:alloti = oui", "part_montant:alloti = oui"] {
            let computation = expression::parse_calcul(calcul, &catalogue).expect("valid");
            if let Some(share) = spaser::compute::population::evaluate(&computation, &purchases, 2024) {
                prop_assert!(share >= rust_decimal::Decimal::ZERO && share <= rust_decimal::Decimal::ONE_HUNDRED);
            }
        }
    }

    #[test]
    fn plain_serials_never_panic(serial in proptest::num::f64::ANY) {
        let _ = date::from_plain_serial(serial);
        let _ = spaser::read::float_to_decimal(serial);
    }

    #[test]
    fn random_bytes_named_xlsx_are_a_diagnostic(bytes in proptest::collection::vec(any::<u8>(), 0..2048), zip_magic in any::<bool>()) {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("x.xlsx");
        let mut content = if zip_magic { b"PK\x03\x04".to_vec() } else { Vec::new() };
        content.extend(bytes);
        std::fs::write(&path, content).expect("write");
        prop_assert!(spaser::read::read_workbook(&path, &spaser::read::ReadLimits::default()).is_err());
    }
}

/// Any decimal, the extreme ones included (28 digits, every scale, both signs).
fn any_decimal() -> impl Strategy<Value = rust_decimal::Decimal> {
    (any::<u32>(), any::<u32>(), any::<u32>(), any::<bool>(), 0u32..=28)
        .prop_map(|(lo, mid, hi, negative, scale)| rust_decimal::Decimal::from_parts(lo, mid, hi, negative, scale))
}

proptest! {
    #[test]
    fn the_status_arithmetic_never_panics_on_extreme_decimals(
        v in any_decimal(),
        c in proptest::option::of(any_decimal()),
        r in proptest::option::of(any_decimal()),
        threshold in any_decimal(),
        baisse in any::<bool>(),
    ) {
        use spaser::compute::status::{Goal, quantitative, share_of_target};
        use spaser::model::Direction;
        let direction = if baisse { Direction::Baisse } else { Direction::Hausse };
        let goal = Goal { target: c, reference: r, direction, partial_threshold: threshold };
        let _ = quantitative(Some(v), &goal);
        if let Some(c) = c {
            let _ = share_of_target(v, c, direction);
        }
    }
}

#[test]
fn the_extreme_case_of_the_report_gives_a_status_not_a_panic() {
    use spaser::compute::status::{Goal, quantitative};
    let goal = Goal {
        target: Some(rust_decimal::Decimal::ONE),
        reference: Some(-rust_decimal::Decimal::ONE),
        direction: spaser::model::Direction::Hausse,
        partial_threshold: rust_decimal::Decimal::new(5, 1),
    };
    let realised: rust_decimal::Decimal = "79228162514264337593543950335".parse().unwrap();
    let _ = quantitative(Some(realised), &goal);
}
