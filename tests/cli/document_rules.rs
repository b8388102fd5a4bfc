//! SPEC §6.2, the committee's document: `bilan` writes `Bilan_SPASER_<année>.docx` beside the
//! workbook (`--no-document` skips it), with real headings, tables whose header row repeats on
//! every page, one X per row of a fiche's grid, and every text of the inputs in full.

use crate::support::C::*;
use crate::support::*;
use std::path::Path;

/// The texts of `word/document.xml`, one entry per paragraph.
fn paragraphs(xml: &str) -> Vec<String> {
    xml.split("</w:p>")
        .map(|paragraph| {
            let mut text = String::new();
            let mut rest = paragraph;
            while let Some(start) = [rest.find("<w:t>"), rest.find("<w:t ")].into_iter().flatten().min() {
                let after = &rest[start..];
                let Some(open_end) = after.find('>') else { break };
                if after[..open_end].ends_with('/') {
                    rest = &after[open_end..];
                    continue;
                }
                let body = &after[open_end + 1..];
                let close = body.find("</w:t>").unwrap_or(body.len());
                text.push_str(&body[..close]);
                rest = &body[close..];
            }
            unescape(&text)
        })
        .collect()
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

fn document_xml(docx: &Path) -> String {
    xlsx_part(docx, "word/document.xml")
}

#[test]
fn bilan_also_writes_the_committees_document_beside_the_workbook_under_the_same_name() {
    let (dir, path) = samples_bilan(&[]);
    let docx = dir.path().join("bilan.docx");
    assert!(docx.is_file(), "{}", path.display());
    for part in ["[Content_Types].xml", "word/document.xml", "word/styles.xml"] {
        assert!(!xlsx_part(&docx, part).is_empty(), "{part}");
    }
    let out = tempfile::tempdir().unwrap();
    let bilan_path = out.path().join("b.xlsx");
    let (code, text) = bilan(&samples(), &[".", "-o", bilan_path.to_str().unwrap(), "--no-document"]);
    assert_eq!(code, 0, "{text}");
    assert!(!out.path().join("b.docx").exists(), "--no-document writes none");
    assert!(!text.contains("document du comité"), "{text}");
}

#[test]
fn the_document_has_real_headings_and_every_table_repeats_its_header_row() {
    let (dir, _) = samples_bilan(&[]);
    let xml = document_xml(&dir.path().join("bilan.docx"));
    for heading in [
        "Synthèse",
        "Comment les statuts sont établis",
        "Les fiches action en 2024",
        "Annexes",
    ] {
        let at = xml.find(&format!(">{heading}<")).unwrap_or_else(|| panic!("{heading}"));
        let paragraph_start = xml[..at].rfind("<w:p>").or_else(|| xml[..at].rfind("<w:p ")).unwrap();
        assert!(
            xml[paragraph_start..at].contains("w:val=\"Heading1\""),
            "{heading} is a heading"
        );
    }
    let tables = xml.matches("<w:tbl>").count();
    assert!(tables > 10, "{tables}");
    assert_eq!(
        xml.matches("<w:tblHeader").count(),
        tables,
        "one repeated header row per table"
    );
    assert!(!xml.contains("<w:txbxContent"), "no text boxes");
}

#[test]
fn each_fiche_grid_row_has_one_x_where_the_workbook_has_it_and_the_inputs_texts_in_full() {
    let (dir, path) = samples_bilan(&[]);
    let texts = paragraphs(&document_xml(&dir.path().join("bilan.docx")));
    let marks = texts.iter().filter(|t| t.as_str() == "X").count();
    let fiches = Book::open(&path).sheet("Bilan par fiche");
    let marked_rows = fiches
        .records()
        .iter()
        .filter(|r| !r["Objectifs / indicateurs 2024"].starts_with("Statut retenu"))
        .filter(|r| {
            [&r["Atteint"], &r["Partiellement atteint"], &r["Non atteint"]]
                .iter()
                .any(|c| c.as_str() == "X")
        })
        .count();
    assert_eq!(marks, marked_rows, "one X per assessed row, as in the workbook");
    let all = texts.join(" ");
    for record in fiches.records() {
        for column in ["Actions / Mise en œuvre 2024", "Freins / pourquoi ?", "Solutions"] {
            for word in record[column].split_whitespace() {
                let word = word.trim_start_matches(['-', '•']);
                assert!(word.is_empty() || all.contains(word), "« {word} » of {column} missing");
            }
        }
    }
    let synthese_rows = texts.iter().filter(|t| t.starts_with("FA ")).count();
    assert!(
        synthese_rows >= 12 * 2,
        "each fiche in the synthèse table and as a heading"
    );
}

#[test]
fn the_authority_the_period_and_the_committees_date_of_spaser_toml_are_on_the_cover() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&samples(), dir.path());
    let toml = std::fs::read_to_string(dir.path().join("spaser.toml")).unwrap();
    std::fs::write(
        dir.path().join("spaser.toml"),
        format!("collectivite = \"Département du Val-de-Marne\"\nperiode = \"2023-2028\"\ndate_comite = \"12/03/2025\"\n{toml}"),
    )
    .unwrap();
    let (code, text) = bilan(dir.path(), &[".", "-o", "bilan.xlsx"]);
    assert_eq!(code, 0, "{text}");
    let texts = paragraphs(&document_xml(&dir.path().join("bilan.docx")));
    let cover: Vec<&String> = texts.iter().take(16).collect();
    for expected in [
        "Département du Val-de-Marne",
        "Bilan annuel du SPASER 2024",
        "Schéma 2023-2028",
        "Comité de suivi du 12/03/2025",
    ] {
        assert!(cover.iter().any(|t| t.as_str() == expected), "{expected}: {cover:#?}");
    }
}

#[test]
fn a_doubtful_value_is_flagged_where_it_shows_in_the_document_and_the_workbook() {
    let (dir, path) = samples_bilan(&[]);
    // I3.2 of the samples: 0,35 typed for an indicator in % whose target is 30.
    let all = paragraphs(&document_xml(&dir.path().join("bilan.docx"))).join(" ");
    assert!(
        all.contains("valeur douteuse : 0,35 % — vouliez-vous dire 35 % ?"),
        "{all}"
    );
    let indicateurs = Book::open(&path).sheet("Indicateurs");
    assert!(indicateurs.record("Code indicateur", "I3.2")["Remarque"].starts_with("Valeur douteuse : 0,35 %"));
}

#[test]
fn the_synthese_gives_each_fiches_status_of_n_1_as_the_bilan_of_n_1_retains_it() {
    let (dir, _) = samples_bilan(&[]);
    let xml = document_xml(&dir.path().join("bilan.docx"));
    let out = tempfile::tempdir().unwrap();
    let previous = out.path().join("2023.xlsx");
    let (code, text) = bilan(
        &samples(),
        &[".", "--year", "2023", "-o", previous.to_str().unwrap(), "--no-document"],
    );
    assert_eq!(code, 0, "{text}");
    let actions = Book::open(&previous).sheet("Actions");
    // The synthèse table's rows: fiche, statut, pourquoi, statut N-1 (one paragraph each here).
    let rows: Vec<&str> = xml.split("</w:tr>").collect();
    assert!(xml.contains(">Statut 2023<"));
    for record in actions.records() {
        let label = format!("{} – {}", record["Code FA"], record["Intitulé"]);
        let row = rows
            .iter()
            .find(|r| paragraphs(r).contains(&label))
            .unwrap_or_else(|| panic!("{label}"));
        let cells = paragraphs(row);
        let before = cells.iter().rev().find(|c| !c.is_empty()).unwrap();
        let wanted = &record["Statut retenu"];
        if wanted == "Non renseigné" {
            assert_eq!(before, "—", "{label}");
        } else {
            assert!(before.ends_with(wanted.as_str()), "{label}: {before} vs {wanted}");
        }
    }
}

#[test]
fn the_loi_climat_panel_shows_only_when_contracts_are_in_its_scope() {
    // The samples' 2024 bilan: no contract launched from 21/08/2026.
    let (dir, path) = samples_bilan(&[]);
    let xml = document_xml(&dir.path().join("bilan.docx"));
    assert!(
        !xml.contains("Loi Climat et résilience"),
        "no loi Climat annex in a 2024 document"
    );
    let synthese = Book::open(&path).sheet("Synthèse");
    assert!(
        synthese
            .rows
            .iter()
            .flatten()
            .all(|c| !c.starts_with("Loi Climat et résilience")),
        "no panel of zeros in a 2024 Synthèse"
    );
}

#[test]
fn bulleted_lines_of_the_inputs_are_word_list_items_without_their_typed_bullet() {
    let dir = tempfile::tempdir().unwrap();
    let rows = vec![
        vec![
            T("Fiche action"),
            T("Objectifs / Actions 2024"),
            T("Atteint"),
            T("Partiellement atteint"),
            T("Non atteint"),
            T("Actions / Mise en œuvre 2024"),
            T("Freins / pourquoi ?"),
        ],
        vec![
            T("FA 1 - Former les acheteurs"),
            T("Former 20 acheteurs"),
            T("X"),
            E,
            E,
            T("Deux sessions :\n- formation des acheteurs\n• guide des clauses"),
            T("Aucun"),
        ],
    ];
    write_book(&dir.path().join("bilan 2024.xlsx"), &[SheetSpec::new("Bilan", rows)]);
    let (code, text) = bilan(dir.path(), &[".", "-o", "bilan.xlsx"]);
    assert!(code == 0 || code == 1, "{text}");
    let xml = document_xml(&dir.path().join("bilan.docx"));
    let items: Vec<String> = xml
        .split("</w:p>")
        .filter(|p| p.contains("<w:numPr>"))
        .flat_map(paragraphs)
        .filter(|t| !t.is_empty())
        .collect();
    assert_eq!(items, ["formation des acheteurs", "guide des clauses"], "{text}");
    let texts = paragraphs(&xml);
    assert!(
        texts.iter().any(|t| t == "Deux sessions :"),
        "the line without bullet stays text"
    );
}

#[test]
fn each_computed_indicator_with_targets_has_its_trajectory_chart_as_an_image() {
    let (dir, path) = samples_bilan(&[]);
    let docx = dir.path().join("bilan.docx");
    let archive = zip::ZipArchive::new(std::fs::File::open(&docx).unwrap()).unwrap();
    let images = archive
        .file_names()
        .filter_map(Result::ok)
        .filter(|name| name.starts_with("word/media/") && name.ends_with(".png"))
        .count();
    let synthese = Book::open(&path).sheet("Synthèse");
    let trajectories = synthese
        .records()
        .iter()
        .flat_map(|record| record.values().cloned().collect::<Vec<_>>())
        .filter(|cell| cell.ends_with(" — réalisé"))
        .count();
    assert!(trajectories > 0, "the samples have computed indicators with targets");
    assert_eq!(
        images, trajectories,
        "one chart per indicator of the workbook's trajectory"
    );
    let texts = paragraphs(&document_xml(&docx));
    assert!(texts.iter().any(|t| t == "Trajectoire des indicateurs calculés"));
}
