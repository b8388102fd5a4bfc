//! One small generated file per class of the second hostile campaign (issue of 2026-12-04, §9):
//! each once took a run down. Used by `watch` tests, which drop them one after the other into
//! the folder it watches; the reading rules of each are tested in `amplification_rules`.

use crate::support::C::*;
use crate::support::*;
use std::path::Path;

/// A builder of one hostile file at the path it is given.
pub type Build = fn(&Path);

/// Each class: the file's name and its builder.
pub fn classes() -> Vec<(&'static str, Build)> {
    vec![
        ("cellule-lointaine.xls", crate::amplification_rules::xls_cell_far_away),
        (
            "dimensions-inversees.xls",
            crate::amplification_rules::xls_dimensions_inverted,
        ),
        ("taille-falsifiee.xlsx", forged_compressed_size),
        ("espaces.ods", crate::amplification_rules::ods_with_two_billion_spaces),
        ("contrats-vides.json", empty_decp_contracts),
        ("titulaires.json", decp_contract_of_a_million_titulaires),
        ("lignes-invalides.xlsx", identical_invalid_rows),
        ("une-reference.xlsx", rows_with_one_reference),
        ("feuilles-partagees.xlsx", sheets_sharing_one_part),
        ("texte-geant.xlsx", one_huge_shared_string_in_200_amount_cells),
        ("index-negatif.xlsx", negative_shared_string_index),
        ("textes-partages.xlsx", crate::hostile_rules::shared_strings_bomb),
    ]
}

fn rows(path: &Path, count: usize, row: impl Fn(usize) -> Vec<C>) {
    let mut all = vec![recensement_header(&[])];
    all.extend((0..count).map(row));
    write_book(path, &[SheetSpec::new("Marchés", all)]);
}

fn forged_compressed_size(path: &Path) {
    crate::hostile_rules::recensement(path, "H-1");
    crate::hostile_rules::declare_zip_field(path, "xl/styles.xml", (20, 18), u32::MAX);
}

fn empty_decp_contracts(path: &Path) {
    let contracts = vec!["{}"; 100_000].join(",");
    std::fs::write(path, format!("{{\"marches\": [{contracts}]}}")).unwrap();
}

pub fn decp_contract_of_a_million_titulaires(path: &Path) {
    let titulaires = vec!["{\"id\": \"1\"}"; 1_000_000].join(",");
    let decp = format!("{{\"marches\": [{{\"id\": \"2024-1\", \"titulaires\": [{titulaires}]}}]}}");
    std::fs::write(path, decp).unwrap();
}

fn identical_invalid_rows(path: &Path) {
    rows(path, 20_000, |i| {
        vec![
            S(format!("H-{i}")),
            T("Objet"),
            T("Travaux"),
            T("beaucoup"),
            D(2024, 3, 1),
        ]
    });
}

fn rows_with_one_reference(path: &Path) {
    rows(path, 20_000, |_| {
        vec![T("H-1"), T("Objet"), T("Travaux"), N(1000.0), D(2024, 3, 1)]
    });
}

pub fn sheets_sharing_one_part(path: &Path) {
    crate::hostile_rules::recensement(path, "H-1");
    patch_xlsx(path, "xl/workbook.xml", |xml| {
        let at = xml.find("<sheet ").unwrap();
        let end = at + xml[at..].find("/>").unwrap() + 2;
        let sheet = &xml[at..end];
        let copies: String = (2..=5_000)
            .map(|i| {
                sheet
                    .replace("name=\"Marchés\"", &format!("name=\"Copie {i}\""))
                    .replace("sheetId=\"1\"", &format!("sheetId=\"{i}\""))
            })
            .collect();
        format!("{}{copies}{}", &xml[..end], &xml[end..])
    });
}

/// A 10 MB text, saved once and shown in the amount cell of 200 rows.
fn one_huge_shared_string_in_200_amount_cells(path: &Path) {
    rows(path, 200, |i| {
        vec![
            S(format!("H-{i}")),
            T("Objet"),
            T("Travaux"),
            T("MONTANT-GEANT"),
            D(2024, 3, 1),
        ]
    });
    patch_xlsx(path, "xl/sharedStrings.xml", |xml| {
        xml.replace("MONTANT-GEANT", &"9".repeat(10_000_000))
    });
}

fn negative_shared_string_index(path: &Path) {
    rows(path, 3, |i| {
        vec![
            S(format!("H-{i}")),
            S(format!("Objet {i}")),
            T("Travaux"),
            N(1000.0),
            D(2024, 3, 1),
        ]
    });
    point_to_shared_string(path, "B2", "-1");
    point_to_shared_string(path, "C3", "99999");
}

/// Puts `index` as the value of the shared-string cell `cell` of the first sheet.
pub fn point_to_shared_string(path: &Path, cell: &str, index: &str) {
    patch_xlsx(path, "xl/worksheets/sheet1.xml", |xml| {
        let at = xml.find(&format!("r=\"{cell}\"")).unwrap();
        let start = at + xml[at..].find("<v>").unwrap() + 3;
        let end = start + xml[start..].find("</v>").unwrap();
        format!("{}{index}{}", &xml[..start], &xml[end..])
    });
}
