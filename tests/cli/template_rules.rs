//! SPEC §1 `spaser template`: the empty workbooks services fill, generated from the reader's
//! catalogue — columns with their canonical labels, dropdowns and bounds, input messages, a
//! Notice — and the round trip: a template filled with valid values reads without a diagnostic,
//! each kind of invalid value is caught with its cell named.

use crate::support::C::{self, *};
use crate::support::*;
use spaser::diagnostic::column_letters;
use std::path::{Path, PathBuf};

const YEAR: &str = "2024";

/// Runs `spaser template <kind> -o <file> --year 2024` in `dir`.
fn generate(dir: &Path, kind: &str, file: &str) -> PathBuf {
    let output = spaser(dir, &["template", kind, "-o", file, "--year", YEAR]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    dir.join(file)
}

fn headers(path: &Path, sheet: &str) -> Vec<String> {
    Book::open(path).sheet(sheet).headers()
}

/// The `<dataValidation>` element covering the column `header` of a sheet's XML, from row 2.
fn validation_of(xml: &str, headers: &[String], header: &str) -> String {
    let col = headers
        .iter()
        .position(|h| h == header)
        .unwrap_or_else(|| panic!("no column {header} in {headers:?}"));
    let letter = column_letters(u32::try_from(col).expect("column"));
    let sqref = format!("sqref=\"{letter}2:{letter}");
    let start = xml[..xml.find(&sqref).unwrap_or_else(|| panic!("no validation on {header}"))]
        .rfind("<dataValidation ")
        .expect("element start");
    let rest = &xml[start..];
    let open_end = rest.find('>').expect("tag end");
    let end = if rest[..open_end].ends_with('/') {
        open_end + 1
    } else {
        rest.find("</dataValidation>").expect("element end") + "</dataValidation>".len()
    };
    rest[..end].to_string()
}

/// The last row a validation covers (`sqref="D2:D5001"` → 5001).
fn last_row(validation: &str) -> u32 {
    let sqref = validation.split("sqref=\"").nth(1).expect("sqref");
    let range = &sqref[..sqref.find('"').expect("end")];
    range
        .rsplit(':')
        .next()
        .expect("range end")
        .trim_start_matches(|c: char| c.is_ascii_alphabetic())
        .parse()
        .expect("row")
}

/// The values a list validation offers: literal (`"Oui,Non"`) or read from the range it names.
fn list_values(path: &Path, validation: &str) -> Vec<String> {
    assert!(validation.contains("type=\"list\""), "not a list: {validation}");
    let formula = validation
        .split("<formula1>")
        .nth(1)
        .and_then(|f| f.split("</formula1>").next())
        .expect("formula1");
    if let Some(literal) = formula.strip_prefix('"') {
        return literal.trim_end_matches('"').split(',').map(String::from).collect();
    }
    // 'Sheet'!$B$2:$B$6
    let (sheet, range) = formula.split_once('!').expect("sheet!range");
    let sheet = sheet.trim_matches('\'').replace("&apos;", "'");
    let cells: Vec<&str> = range.split(':').collect();
    let parse = |cell: &str| -> (String, usize) {
        let cell = cell.replace('$', "");
        let split = cell.find(|c: char| c.is_ascii_digit()).expect("row");
        (cell[..split].to_string(), cell[split..].parse().expect("row"))
    };
    let (letter, first) = parse(cells[0]);
    let (_, last) = parse(cells[1]);
    let table = Book::open(path).sheet(&sheet);
    let col = (0usize..)
        .find(|c| column_letters(*c as u32) == letter)
        .expect("column");
    (first..=last)
        .filter_map(|row| table.rows.get(row - 1))
        .map(|r| r.get(col).cloned().unwrap_or_default())
        .filter(|v| !v.is_empty())
        .collect()
}

fn strings(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| v.to_string()).collect()
}

/// The Notice's rows from its header row (`Feuille`, `Colonne`…) down.
fn notice(path: &Path) -> Table {
    let table = Book::open(path).sheet("Notice");
    let start = table
        .rows
        .iter()
        .position(|r| r.first().map(String::as_str) == Some("Feuille"))
        .expect("a Notice header row");
    Table {
        rows: table.rows[start..].to_vec(),
    }
}

#[test]
fn the_recensement_template_has_the_section_3_columns_with_their_canonical_labels_a_notice_and_hidden_lists() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = generate(dir.path(), "recensement", "recensement.xlsx");
    let book = Book::open(&path);
    assert_eq!(book.sheet_names(), strings(&["Marchés", "Notice", "Listes"]));
    assert_eq!(
        headers(&path, "Marchés"),
        strings(&[
            "Référence",
            "Service",
            "Objet",
            "Nature",
            "Type de contrat",
            "Procédure",
            "Montant HT (€)",
            "Année prévue",
            "Date de notification",
            "Statut",
            "Durée (mois)",
            "Code CPV",
            "Clause environnementale",
            "Critère environnemental",
            "Clause sociale d'insertion",
            "Critère social",
            "Marché réservé",
            "Heures d'insertion",
            "Titulaire",
            "SIRET du titulaire",
            "Catégorie du titulaire",
            "Titulaire ESS",
            "Alloti",
            "Achat mutualisé",
            "Variantes autorisées",
            "Marché innovant",
            "Taux d'avance (%)",
            "Montant réemploi ou réutilisation HT (€)",
            "Catégorie AGEC",
            "Montant issu de dons HT (€)",
            "Montant de produits recyclés HT (€)",
            "Actions SPASER ciblées",
            "Date de lancement",
            "Défense ou sécurité",
            "Dérogation environnementale",
            "Dérogation sociale",
            "Commentaire",
        ])
    );
    let workbook = xlsx_part(&path, "xl/workbook.xml");
    let lists_tag = workbook
        .split("<sheet ")
        .find(|s| s.contains("name=\"Listes\""))
        .expect("Listes sheet");
    assert!(lists_tag.contains("state=\"hidden\""), "{lists_tag}");
}

#[test]
fn every_recensement_enumeration_and_boolean_column_has_a_dropdown_of_the_values_the_reader_accepts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = generate(dir.path(), "recensement", "recensement.xlsx");
    let headers = headers(&path, "Marchés");
    let xml = xlsx_part(&path, "xl/worksheets/sheet1.xml");
    let dropdown = |header: &str| list_values(&path, &validation_of(&xml, &headers, header));
    assert_eq!(dropdown("Nature"), strings(&["Travaux", "Fournitures", "Services"]));
    assert_eq!(
        dropdown("Statut"),
        strings(&["Programmé", "En cours", "Notifié", "Infructueux", "Sans suite"])
    );
    assert_eq!(
        dropdown("Catégorie du titulaire"),
        strings(&["TPE", "PME", "ETI", "Grande entreprise", "Non connue"])
    );
    assert_eq!(dropdown("Procédure").len(), 12, "the 8 of §3 and the 4 of concessions");
    assert_eq!(dropdown("Type de contrat"), strings(&["Marché", "Concession"]));
    for boolean in [
        "Clause environnementale",
        "Critère environnemental",
        "Clause sociale d'insertion",
        "Critère social",
        "Marché réservé",
        "Titulaire ESS",
        "Alloti",
        "Achat mutualisé",
        "Variantes autorisées",
        "Marché innovant",
    ] {
        assert_eq!(dropdown(boolean), strings(&["Oui", "Non"]), "{boolean}");
    }
}

#[test]
fn recensement_numbers_and_dates_are_bounded_by_their_type_amount_at_least_0_integer_months_percentage_0_to_100() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = generate(dir.path(), "recensement", "recensement.xlsx");
    let headers = headers(&path, "Marchés");
    let xml = xlsx_part(&path, "xl/worksheets/sheet1.xml");
    let rule = |header: &str| validation_of(&xml, &headers, header);
    for amount in [
        "Montant HT (€)",
        "Montant réemploi ou réutilisation HT (€)",
        "Montant issu de dons HT (€)",
        "Montant de produits recyclés HT (€)",
        "Heures d'insertion",
    ] {
        let v = rule(amount);
        assert!(
            v.contains("type=\"decimal\"") && v.contains("operator=\"greaterThanOrEqual\""),
            "{v}"
        );
        assert!(v.contains("<formula1>0</formula1>"), "{v}");
    }
    let months = rule("Durée (mois)");
    assert!(
        months.contains("type=\"whole\"") && months.contains("operator=\"greaterThan\""),
        "{months}"
    );
    let percent = rule("Taux d'avance (%)");
    assert!(percent.contains("type=\"decimal\""), "{percent}");
    assert!(
        percent.contains("<formula1>0</formula1><formula2>100</formula2>"),
        "{percent}"
    );
    assert!(rule("Date de notification").contains("type=\"date\""));
    assert!(rule("Année prévue").contains("type=\"whole\""));
}

#[test]
fn every_template_column_has_an_input_message_and_room_for_at_least_2000_rows() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = generate(dir.path(), "recensement", "recensement.xlsx");
    let headers = headers(&path, "Marchés");
    let xml = xlsx_part(&path, "xl/worksheets/sheet1.xml");
    for header in &headers {
        let v = validation_of(&xml, &headers, header);
        assert!(v.contains("showInputMessage=\"1\""), "{header}: {v}");
        assert!(v.contains("prompt=\""), "{header}: {v}");
        assert!(last_row(&v) >= 2_001, "{header}: {v}");
    }
    let required = validation_of(&xml, &headers, "Montant HT (€)");
    assert!(required.contains("prompt=\"Obligatoire."), "{required}");
    // Clicking the header itself shows the same message.
    let amount_column = headers
        .iter()
        .position(|h| h == "Montant HT (€)")
        .expect("amount column");
    let header_cell = format!("sqref=\"{}1\"", column_letters(amount_column as u32));
    let on_header = xml
        .split("<dataValidation ")
        .find(|v| v.contains(&header_cell))
        .expect("a message on the header cell");
    assert!(
        on_header.contains("prompt=\"Obligatoire. Montant hors taxes"),
        "{on_header}"
    );
}

#[test]
fn the_template_header_is_frozen_filtered_and_its_cells_take_french_number_and_date_formats() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = generate(dir.path(), "recensement", "recensement.xlsx");
    let xml = xlsx_part(&path, "xl/worksheets/sheet1.xml");
    assert!(xml.contains("state=\"frozen\"") && xml.contains("ySplit=\"1\""));
    assert!(xml.contains("<autoFilter ref=\"A1:"));
    assert!(xml.contains("customWidth=\"1\""));
    let styles = xlsx_part(&path, "xl/styles.xml");
    assert!(styles.contains("formatCode=\"dd/mm/yyyy\""), "date format");
    assert!(styles.contains("&quot;€&quot;"), "euro format");
}

#[test]
fn the_suivi_template_has_the_three_section_4_sheets_with_dropdowns_for_type_sens_and_statut_declare() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = generate(dir.path(), "suivi", "suivi.xlsx");
    assert_eq!(
        Book::open(&path).sheet_names(),
        strings(&["Actions", "Indicateurs", "Suivi", "Notice", "Listes"])
    );
    let actions = headers(&path, "Actions");
    assert_eq!(actions[..2], strings(&["Code FA", "Axe"]));
    let indicateurs = headers(&path, "Indicateurs");
    for header in [
        "Code indicateur",
        "Code FA",
        "Libellé",
        "Type",
        "Sens",
        "Calcul",
        "Cible 2024",
        "Cible 2025",
    ] {
        assert!(indicateurs.iter().any(|h| h == header), "{header} in {indicateurs:?}");
    }
    let suivi = headers(&path, "Suivi");
    for header in ["Année", "Code FA", "Code indicateur", "Réalisé", "Statut déclaré"] {
        assert!(suivi.iter().any(|h| h == header), "{header} in {suivi:?}");
    }
    let xml = xlsx_part(&path, "xl/worksheets/sheet2.xml");
    let dropdown = |header: &str| list_values(&path, &validation_of(&xml, &indicateurs, header));
    assert_eq!(dropdown("Type"), strings(&["Quantitatif", "Binaire", "Qualitatif"]));
    assert_eq!(dropdown("Sens"), strings(&["Hausse", "Baisse"]));
    let xml = xlsx_part(&path, "xl/worksheets/sheet3.xml");
    assert_eq!(
        list_values(&path, &validation_of(&xml, &suivi, "Statut déclaré")),
        strings(&["Atteint", "Partiellement atteint", "Non atteint"])
    );
}

#[test]
fn in_suivi_code_fa_and_code_indicateur_dropdowns_are_fed_from_the_actions_and_indicateurs_sheets() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = generate(dir.path(), "suivi", "suivi.xlsx");
    let suivi = headers(&path, "Suivi");
    let xml = xlsx_part(&path, "xl/worksheets/sheet3.xml");
    let fa = validation_of(&xml, &suivi, "Code FA");
    assert!(fa.contains("<formula1>'Actions'!$A$2:$A$"), "{fa}");
    let indicator = validation_of(&xml, &suivi, "Code indicateur");
    assert!(indicator.contains("<formula1>'Indicateurs'!$A$2:$A$"), "{indicator}");
    // What the service typed in Actions is what the dropdown offers.
    fill(
        &path,
        1,
        &headers(&path, "Actions"),
        &[row(&[("Code FA", T("FA1"))]), row(&[("Code FA", T("FA4"))])],
    );
    assert_eq!(list_values(&path, &fa), strings(&["FA1", "FA4"]));
}

#[test]
fn the_calcul_column_has_a_dropdown_of_the_shortcuts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = generate(dir.path(), "suivi", "suivi.xlsx");
    let indicateurs = headers(&path, "Indicateurs");
    let xml = xlsx_part(&path, "xl/worksheets/sheet2.xml");
    let offered = list_values(&path, &validation_of(&xml, &indicateurs, "Calcul"));
    for shortcut in spaser::parse::expression::SHORTCUTS {
        assert!(
            offered.iter().any(|o| o == shortcut.name),
            "{} in {offered:?}",
            shortcut.name
        );
    }
    assert!(offered.iter().any(|o| o == "nombre") && offered.iter().any(|o| o == "montant"));
}

#[test]
fn the_notice_explains_every_column_with_its_allowed_values_and_an_example() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (kind, sheets) in [
        ("recensement", vec!["Marchés"]),
        ("suivi", vec!["Actions", "Indicateurs", "Suivi"]),
    ] {
        let path = generate(dir.path(), kind, &format!("{kind}.xlsx"));
        let notice = notice(&path);
        assert_eq!(
            notice.headers()[..6],
            strings(&[
                "Feuille",
                "Colonne",
                "Obligatoire",
                "Valeurs admises",
                "Ce qu'il faut saisir",
                "Exemple"
            ])
        );
        for sheet in sheets {
            for header in headers(&path, sheet) {
                let shown = if header.starts_with("Cible ") {
                    "Cible"
                } else {
                    header.as_str()
                };
                let row = notice
                    .records()
                    .into_iter()
                    .find(|r| r["Feuille"] == sheet && r["Colonne"].starts_with(shown))
                    .unwrap_or_else(|| panic!("{kind}: no Notice row for {sheet} › {header}"));
                for field in ["Valeurs admises", "Ce qu'il faut saisir", "Exemple"] {
                    assert!(!row[field].is_empty(), "{kind}: {sheet} › {header}: {field} is empty");
                }
            }
        }
    }
    let recensement = notice(&dir.path().join("recensement.xlsx"));
    let nature = recensement.record("Colonne", "Nature");
    assert_eq!(nature["Obligatoire"], "Oui");
    assert!(nature["Valeurs admises"].contains("Travaux ; Fournitures ; Services"));
    assert_eq!(recensement.record("Colonne", "Service")["Obligatoire"], "");
}

#[test]
fn the_suivi_notice_states_the_status_rules_of_section_6_1_in_plain_french() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = generate(dir.path(), "suivi", "suivi.xlsx");
    let notice = notice(&path);
    let rule = |label: &str| notice.record("Colonne", label)["Ce qu'il faut saisir"].clone();
    let quantitatif = rule("Indicateur quantitatif");
    for phrase in [
        "Non renseigné",
        "Sans cible",
        "(réalisé − référence) / (cible − référence)",
        "Atteint",
        "Partiellement atteint",
    ] {
        assert!(quantitatif.contains(phrase), "{phrase} in {quantitatif}");
    }
    let binaire = rule("Indicateur binaire").to_lowercase();
    for word in ["oui", "fait", "en cours", "partiel", "non", "pas fait"] {
        assert!(binaire.contains(word), "{word} in {binaire}");
    }
    assert!(rule("Indicateur qualitatif").contains("statut déclaré"));
    assert!(rule("Fiche action (statut calculé)").contains("un mélange → Partiellement atteint"));
    assert!(rule("Fiche action (statut retenu)").contains("statut déclaré"));
    assert!(rule("Taux d'atteinte global").contains("Actions atteintes"));
}

#[test]
fn template_never_overwrites_an_existing_file_and_defaults_to_the_current_folder() {
    let dir = tempfile::tempdir().expect("tempdir");
    let output = spaser(dir.path(), &["template", "recensement"]);
    assert_eq!(output.status.code(), Some(0));
    let written = dir.path().join("Modele_recensement_SPASER.xlsx");
    assert!(written.is_file());
    let before = sha256(&written);
    let again = spaser(dir.path(), &["template", "recensement"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("existe déjà"));
    assert_eq!(sha256(&written), before);
    let not_xlsx = spaser(dir.path(), &["template", "suivi", "-o", "suivi.ods"]);
    assert_eq!(not_xlsx.status.code(), Some(2));
}

// ---- Round trip: filled by a program, read by `check` ------------------------------------------

type Row = Vec<(&'static str, C)>;

fn row(cells: &[(&'static str, C)]) -> Row {
    cells.to_vec()
}

/// `base` with `header` set to `value`.
fn with(base: &Row, header: &'static str, value: C) -> Row {
    let mut row: Row = base.iter().filter(|(h, _)| *h != header).cloned().collect();
    row.push((header, value));
    row
}

/// Types `rows` below the header of the `n`-th sheet as Excel stores what a service types: text
/// inline, numbers as numbers, each cell taking its column's format (a date typed in a date
/// column is a number shown as a date).
fn fill(path: &Path, n: usize, headers: &[String], rows: &[Row]) {
    patch_xlsx(path, &format!("xl/worksheets/sheet{n}.xml"), |xml| {
        let styles = column_styles(xml);
        let mut data = String::new();
        for (i, cells) in rows.iter().enumerate() {
            let r = i + 2;
            let mut placed: Vec<(usize, String)> = cells
                .iter()
                .map(|(header, value)| {
                    let col = headers
                        .iter()
                        .position(|h| h == header)
                        .unwrap_or_else(|| panic!("no column {header} in {headers:?}"));
                    let reference = format!("{}{r}", column_letters(u32::try_from(col).expect("col")));
                    let style = styles
                        .get(&(col + 1))
                        .map(|s| format!(" s=\"{s}\""))
                        .unwrap_or_default();
                    (col, cell_xml(&reference, &style, value))
                })
                .collect();
            placed.sort_by_key(|(col, _)| *col);
            data.push_str(&format!("<row r=\"{r}\">"));
            data.extend(placed.into_iter().map(|(_, cell)| cell));
            data.push_str("</row>");
        }
        xml.replacen("</sheetData>", &format!("{data}</sheetData>"), 1)
    });
}

fn cell_xml(reference: &str, style: &str, value: &C) -> String {
    let escape = |text: &str| text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    match value {
        T(text) => format!(
            "<c r=\"{reference}\"{style} t=\"inlineStr\"><is><t>{}</t></is></c>",
            escape(text)
        ),
        S(text) => format!(
            "<c r=\"{reference}\"{style} t=\"inlineStr\"><is><t>{}</t></is></c>",
            escape(text)
        ),
        N(number) => format!("<c r=\"{reference}\"{style}><v>{number}</v></c>"),
        E => String::new(),
        other => panic!("not a typed value: {other:?}"),
    }
}

/// 1-based column → style index, from the sheet's `<cols>`.
fn column_styles(xml: &str) -> std::collections::HashMap<usize, String> {
    let attribute = |tag: &str, name: &str| -> Option<String> {
        let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        Some(tag[start..start + tag[start..].find('"')?].to_string())
    };
    let mut styles = std::collections::HashMap::new();
    for tag in xml.split("<col ").skip(1).map(|t| &t[..t.find('>').unwrap_or(t.len())]) {
        let tag = format!(" {tag}");
        let (Some(min), Some(max), Some(style)) =
            (attribute(&tag, "min"), attribute(&tag, "max"), attribute(&tag, "style"))
        else {
            continue;
        };
        for col in min.parse::<usize>().expect("min")..=max.parse::<usize>().expect("max") {
            styles.insert(col, style.clone());
        }
    }
    styles
}

/// Excel's serial number of a date.
fn serial(year: i32, month: u32, day: u32) -> f64 {
    let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).expect("epoch");
    let date = chrono::NaiveDate::from_ymd_opt(year, month, day).expect("date");
    (date - epoch).num_days() as f64
}

fn valid_purchase() -> Row {
    row(&[
        ("Référence", T("2024-VOI-012")),
        ("Service", T("Voirie")),
        ("Objet", T("Entretien des espaces verts — lot 2")),
        ("Nature", T("Services")),
        ("Type de contrat", T("Marché")),
        ("Procédure", T("Procédure adaptée")),
        ("Montant HT (€)", N(125_000.0)),
        ("Année prévue", N(2024.0)),
        ("Date de notification", N(serial(2024, 11, 15))),
        ("Statut", T("Notifié")),
        ("Durée (mois)", N(48.0)),
        ("Code CPV", T("77310000-6")),
        ("Clause environnementale", T("Oui")),
        ("Critère environnemental", T("Non")),
        ("Clause sociale d'insertion", T("Oui")),
        ("Critère social", T("Non")),
        ("Marché réservé", T("Non")),
        ("Heures d'insertion", N(1_200.0)),
        ("Titulaire", T("Société Dupont")),
        ("SIRET du titulaire", T("73282932000074")),
        ("Catégorie du titulaire", T("PME")),
        ("Titulaire ESS", T("Non")),
        ("Alloti", T("Oui")),
        ("Achat mutualisé", T("Non")),
        ("Variantes autorisées", T("Non")),
        ("Marché innovant", T("Non")),
        ("Taux d'avance (%)", N(20.0)),
        ("Montant réemploi ou réutilisation HT (€)", N(8_000.0)),
        ("Catégorie AGEC", T("Mobilier")),
        ("Montant issu de dons HT (€)", N(1_000.0)),
        ("Montant de produits recyclés HT (€)", N(2_000.0)),
        ("Actions SPASER ciblées", T("FA1; FA4")),
        ("Date de lancement", N(serial(2024, 6, 3))),
        ("Défense ou sécurité", T("Non")),
        ("Dérogation environnementale", T("Sans objet avant le 21/08/2026")),
        ("Dérogation sociale", T("Sans objet avant le 21/08/2026")),
        ("Commentaire", T("Reconductible deux fois un an")),
    ])
}

fn second_purchase() -> Row {
    row(&[
        ("Référence", T("2024-BAT-003")),
        ("Service", T("Bâtiments")),
        ("Objet", T("Nettoyage des locaux")),
        ("Nature", T("Services")),
        ("Procédure", T("Appel d'offres ouvert")),
        ("Montant HT (€)", N(80_000.0)),
        ("Date de notification", N(serial(2024, 4, 17))),
        ("Statut", T("Notifié")),
        ("Clause environnementale", T("Non")),
        ("Clause sociale d'insertion", T("Non")),
        ("Catégorie du titulaire", T("TPE")),
    ])
}

fn fill_recensement(path: &Path, rows: &[Row]) {
    fill(path, 1, &headers(path, "Marchés"), rows);
}

fn fill_suivi(path: &Path) {
    fill(
        path,
        1,
        &headers(path, "Actions"),
        &[
            row(&[
                ("Code FA", T("FA1")),
                ("Axe", T("Axe 1 — Une commande publique écologique")),
                ("Orientation", T("Généraliser les considérations environnementales")),
                ("Intitulé", T("Intégrer une considération environnementale aux marchés")),
                ("Pilote", T("Direction de la commande publique")),
                ("Partenaires", T("Services prescripteurs")),
            ]),
            row(&[
                ("Code FA", T("FA4")),
                ("Axe", T("Axe 2 — Une commande publique solidaire et inclusive")),
                ("Intitulé", T("Augmenter les heures d'insertion")),
                ("Pilote", T("Service emploi")),
            ]),
        ],
    );
    fill(
        path,
        2,
        &headers(path, "Indicateurs"),
        &[
            row(&[
                ("Code indicateur", T("I1.1")),
                ("Code FA", T("FA1")),
                ("Libellé", T("Part des marchés avec une considération environnementale")),
                ("Type", T("Quantitatif")),
                ("Unité", T("%")),
                ("Sens", T("Hausse")),
                ("Calcul", T("part_env")),
                ("Filtre", T("montant_ht >= 40000")),
                ("Valeur de référence", N(20.0)),
                ("Année de référence", N(2022.0)),
                ("Cible 2024", N(30.0)),
                ("Cible 2025", N(40.0)),
                ("Cible 2026", N(50.0)),
                ("Seuil partiel", N(50.0)),
            ]),
            row(&[
                ("Code indicateur", T("I4.1")),
                ("Code FA", T("FA4")),
                ("Libellé", T("Heures d'insertion prévues dans les marchés notifiés")),
                ("Type", T("Quantitatif")),
                ("Unité", T("heures")),
                ("Calcul", T("heures_insertion")),
                ("Cible 2024", N(1_000.0)),
            ]),
            row(&[
                ("Code indicateur", T("I4.2")),
                ("Code FA", T("FA4")),
                ("Libellé", T("Guide des clauses sociales diffusé aux services")),
                ("Type", T("Binaire")),
            ]),
        ],
    );
    fill(
        path,
        3,
        &headers(path, "Suivi"),
        &[
            row(&[
                ("Année", N(2024.0)),
                ("Code FA", T("FA1")),
                ("Code indicateur", T("I1.1")),
            ]),
            row(&[
                ("Année", N(2024.0)),
                ("Code FA", T("FA4")),
                ("Code indicateur", T("I4.1")),
            ]),
            row(&[
                ("Année", N(2024.0)),
                ("Code FA", T("FA4")),
                ("Code indicateur", T("I4.2")),
                ("Réalisé", T("Oui")),
            ]),
            row(&[
                ("Année", N(2024.0)),
                ("Code FA", T("FA1")),
                ("Statut déclaré", T("Atteint")),
                ("Mise en œuvre", T("Clause environnementale type ajoutée aux CCAP")),
                ("Freins", T("Peu d'offres sur certains lots")),
                ("Solutions", T("Sourcing en amont")),
                ("Commentaire", T("Cible revue en comité de juin")),
            ]),
            row(&[
                ("Année", N(2024.0)),
                ("Code FA", T("FA4")),
                ("Statut déclaré", T("Atteint")),
            ]),
        ],
    );
}

#[test]
fn a_template_filled_with_valid_values_is_read_by_check_without_any_diagnostic() {
    let dir = tempfile::tempdir().expect("tempdir");
    let recensement = generate(dir.path(), "recensement", "recensement.xlsx");
    let suivi = generate(dir.path(), "suivi", "suivi.xlsx");
    let headers = headers(&recensement, "Marchés");
    let first = valid_purchase();
    for header in &headers {
        assert!(
            first.iter().any(|(h, _)| h == header),
            "the valid row leaves {header} empty"
        );
    }
    fill_recensement(&recensement, &[first, second_purchase()]);
    fill_suivi(&suivi);
    let (code, seen) = check(dir.path(), &[]);
    assert_eq!(seen, vec![], "no diagnostic on a template filled with valid values");
    assert_eq!(code, 0);
    // And the values were read: the bilan counts both purchases and the three indicators.
    let (code, log) = bilan(dir.path(), &["-o", "bilan.xlsx"]);
    assert_eq!(code, 0, "{log}");
    let mut book = Book::open(&dir.path().join("bilan.xlsx"));
    assert_eq!(book.sheet("Recensement").records().len(), 2);
    let indicateurs = book.sheet("Indicateurs");
    assert_eq!(indicateurs.record("Code indicateur", "I4.1")["Réalisé 2024"], "1200");
    assert_eq!(indicateurs.record("Code indicateur", "I4.2")["Statut"], "Atteint");
}

#[test]
fn each_kind_of_invalid_value_typed_in_a_recensement_template_is_caught_with_its_cell_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = generate(dir.path(), "recensement", "recensement.xlsx");
    let headers = headers(&path, "Marchés");
    let cases: Vec<(&'static str, C, &str)> = vec![
        ("Montant HT (€)", T("12 kg"), "montant-invalide"),
        ("Date de notification", T("31/02/2024"), "date-invalide"),
        ("Nature", T("Bricolage"), "valeur-inconnue"),
        ("Clause environnementale", T("Peut-être"), "booleen-invalide"),
        ("Durée (mois)", N(-3.0), "entier-invalide"),
        ("Année prévue", T("deux mille"), "annee-invalide"),
        ("Taux d'avance (%)", N(150.0), "pourcentage-invalide"),
        ("SIRET du titulaire", T("123"), "siret-invalide"),
        ("Code CPV", T("7731"), "cpv-mal-forme"),
        ("Catégorie du titulaire", T("Moyenne"), "valeur-inconnue"),
        ("Référence", E, "valeur-obligatoire-manquante"),
    ];
    let rows: Vec<Row> = (0..)
        .zip(&cases)
        .map(|(i, (header, value, _))| {
            let unique = with(&valid_purchase(), "Référence", S(format!("2024-{i:03}")));
            with(&unique, header, value.clone())
        })
        .collect();
    fill_recensement(&path, &rows);
    let (code, seen) = check(dir.path(), &[]);
    assert_eq!(code, 1);
    let found = codes(&seen);
    for (i, (header, _, expected_code)) in cases.iter().enumerate() {
        let col = headers.iter().position(|h| h == header).expect("column");
        let cell = format!("{}{}", column_letters(u32::try_from(col).expect("col")), i + 2);
        assert!(
            found.contains(&(expected_code.to_string(), cell.clone())),
            "{header}: expected {expected_code} at {cell} in {found:?}"
        );
    }
}

#[test]
fn each_kind_of_invalid_value_typed_in_a_suivi_template_is_caught_with_its_cell_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = generate(dir.path(), "suivi", "suivi.xlsx");
    fill_suivi(&path);
    let indicateurs = headers(&path, "Indicateurs");
    let suivi = headers(&path, "Suivi");
    // Replace the référentiel's and the suivi's rows with broken ones.
    let path_for_patch = path.clone();
    patch_xlsx(&path_for_patch, "xl/worksheets/sheet2.xml", |xml| {
        without_data_rows(xml)
    });
    patch_xlsx(&path_for_patch, "xl/worksheets/sheet3.xml", |xml| {
        without_data_rows(xml)
    });
    fill(
        &path,
        2,
        &indicateurs,
        &[
            row(&[
                ("Code indicateur", T("I1.1")),
                ("Code FA", T("FA1")),
                ("Libellé", T("Part env")),
                ("Type", T("Textuel")),
                ("Calcul", T("part:n_importe_quoi = oui")),
            ]),
            row(&[
                ("Code indicateur", T("I1.2")),
                ("Code FA", T("Voir plus haut")),
                ("Libellé", T("Autre")),
                ("Sens", T("Vers le haut")),
            ]),
        ],
    );
    fill(
        &path,
        3,
        &suivi,
        &[
            row(&[
                ("Année", T("l'an dernier")),
                ("Code FA", T("FA1")),
                ("Code indicateur", T("I1.1")),
            ]),
            row(&[
                ("Année", N(2024.0)),
                ("Code FA", T("FA1")),
                ("Code indicateur", T("I9.9")),
            ]),
            row(&[
                ("Année", N(2024.0)),
                ("Code FA", T("FA1")),
                ("Statut déclaré", T("Bof")),
            ]),
        ],
    );
    let (code, seen) = check(dir.path(), &[]);
    assert_eq!(code, 1);
    let in_sheet = |sheet: &str, header: &str, row: usize, code: &str| {
        let headers = if sheet == "Indicateurs" { &indicateurs } else { &suivi };
        let col = headers.iter().position(|h| h == header).expect("column");
        let cell = format!("{}{row}", column_letters(u32::try_from(col).expect("col")));
        assert!(
            seen.iter()
                .any(|d| d.sheet == sheet && d.cell == cell && d.code == code),
            "{sheet}!{cell} ({header}): expected {code} in {:?}",
            file_cell_code(&seen)
        );
    };
    in_sheet("Indicateurs", "Type", 2, "valeur-inconnue");
    in_sheet("Indicateurs", "Calcul", 2, "calcul-invalide");
    // Any spelling is a code (§4): one that the référentiel does not know is caught as such.
    in_sheet("Indicateurs", "Code FA", 3, "action-inconnue");
    in_sheet("Indicateurs", "Sens", 3, "valeur-inconnue");
    in_sheet("Suivi", "Année", 2, "annee-invalide");
    in_sheet("Suivi", "Code indicateur", 3, "indicateur-inconnu");
    in_sheet("Suivi", "Statut déclaré", 4, "valeur-inconnue");
}

/// A sheet's XML with only its header row.
fn without_data_rows(xml: &str) -> String {
    let start = xml
        .find("<row r=\"2\"")
        .unwrap_or_else(|| xml.find("</sheetData>").expect("sheetData"));
    let end = xml.find("</sheetData>").expect("sheetData");
    format!("{}{}", &xml[..start], &xml[end..])
}

#[test]
fn the_template_follows_the_spaser_toml_of_the_folder_it_is_written_in() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("spaser.toml"),
        "[colonnes.recensement]\n\"Code interne DAJ\" = \"reference\"\n",
    )
    .expect("spaser.toml");
    let path = generate(dir.path(), "recensement", "recensement.xlsx");
    let reference = notice(&path).record("Colonne", "Référence");
    assert!(
        reference["Autres en-têtes compris"].contains("Code interne DAJ"),
        "{reference:?}"
    );

    let elsewhere = tempfile::tempdir().expect("tempdir");
    let path = generate(elsewhere.path(), "recensement", "recensement.xlsx");
    let reference = notice(&path).record("Colonne", "Référence");
    assert!(!reference["Autres en-têtes compris"].contains("Code interne DAJ"));
}
