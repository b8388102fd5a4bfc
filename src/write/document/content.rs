//! What the committee's document says, in order: the cover, one page of synthèse, how the
//! statuses are established, the fiches by axe (see [`super::grid`]), then the annexes.

use super::chart::{self, Trajectory};
use super::{TEXT_WIDTH, cell, centred, grid, table, text, title};
use crate::compute::status::RULES;
use crate::compute::summary::{PNAD_ENV_TARGET, PNAD_SOCIAL_TARGET};
use crate::diagnostic::{Severity, Tally};
use crate::model::Status;
use crate::parse::number::format_french;
use crate::write::style::signed;
use crate::write::{Document, wording};
use docx_rs::{AlignmentType, BreakType, Docx, Paragraph, Pic, Run, TableRow};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// The whole document.
pub fn build(docx: Docx, doc: &Document<'_>) -> Docx {
    let docx = cover(docx, doc);
    let docx = synthese(docx, doc);
    let docx = rules(docx);
    let docx = grid::fiches(docx, doc);
    let docx = trajectories(docx, doc);
    annexes(docx, doc)
}

/// Column widths from shares of the text width, in hundredths.
fn widths<const N: usize>(shares: [usize; N]) -> [usize; N] {
    shares.map(|share| TEXT_WIDTH * share / 100)
}

/// The trajectory of each computed indicator with targets, two charts a line.
fn trajectories(docx: Docx, doc: &Document<'_>) -> Docx {
    let shown = crate::write::trajectoire::shown(doc);
    let Some(years) = crate::write::trajectoire::span(doc, &shown) else {
        return docx;
    };
    let charts: Vec<Vec<u8>> = shown
        .iter()
        .filter_map(|result| Trajectory::of(result, &years).png())
        .collect();
    if charts.is_empty() {
        return docx;
    }
    let docx = docx
        .add_paragraph(page_break())
        .add_paragraph(title(1, "Trajectoire des indicateurs calculés"))
        .add_paragraph(text(
            "Le réalisé de chaque année (trait plein, ronds) face aux cibles jusqu'à la fin du schéma (tirets, carrés).",
        ));
    // Half the text width each, less a gap; EMU: 635 per twentieth of a point.
    let width = (TEXT_WIDTH / 2 - 200) as u32 * 635;
    let height = width / chart::SIZE.0 * chart::SIZE.1;
    charts.chunks(2).fold(docx, |docx, pair| {
        let paragraph = pair.iter().fold(Paragraph::new(), |paragraph, png| {
            let picture = Pic::new_with_dimensions(png.clone(), chart::SIZE.0, chart::SIZE.1).size(width, height);
            paragraph.add_run(Run::new().add_image(picture).add_text(" "))
        });
        docx.add_paragraph(paragraph)
    })
}

fn page_break() -> Paragraph {
    Paragraph::new().add_run(Run::new().add_break(BreakType::Page))
}

fn cover(docx: Docx, doc: &Document<'_>) -> Docx {
    let year = doc.bilan.year;
    // The title a third of the way down the cover.
    let mut docx = (0..6).fold(docx, |docx, _| docx.add_paragraph(Paragraph::new()));
    if let Some(authority) = &doc.authority {
        docx = docx.add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Center)
                .add_run(Run::new().size(32).bold().add_text(*authority)),
        );
    }
    docx = docx.add_paragraph(
        Paragraph::new()
            .style("Title")
            .align(AlignmentType::Center)
            .add_run(Run::new().add_text(format!("Bilan annuel du SPASER {year}"))),
    );
    docx = docx.add_paragraph(
        Paragraph::new().align(AlignmentType::Center).add_run(Run::new().add_text(
            "Schéma de promotion des achats publics socialement et écologiquement responsables (article L.2111-3 du code de la commande publique)",
        )),
    );
    if let Some(period) = &doc.period {
        docx = docx.add_paragraph(centred_text(&format!("Schéma {period}")));
    }
    if let Some(committee) = &doc.committee_date {
        docx = docx.add_paragraph(centred_text(&format!("Comité de suivi du {committee}")));
    }
    docx.add_paragraph(centred_text(&format!(
        "Document établi le {} à partir des classeurs des services ({} fichier(s) lu(s)).",
        doc.generated_at.format("%d/%m/%Y"),
        doc.inputs.sources.len()
    )))
    .add_paragraph(page_break())
}

fn centred_text(words: &str) -> Paragraph {
    Paragraph::new()
        .align(AlignmentType::Center)
        .add_run(Run::new().add_text(words))
}

fn percent(value: Option<Decimal>) -> String {
    value.map_or_else(|| "—".to_string(), |v| format!("{} %", format_french(v.round_dp(1))))
}

fn synthese(docx: Docx, doc: &Document<'_>) -> Docx {
    let bilan = doc.bilan;
    let counts = &bilan.counts;
    let mut docx = docx.add_paragraph(title(1, "Synthèse")).add_paragraph(text(&format!(
        "{} fiche(s) action suivie(s) en {} : {} atteinte(s), {} partiellement atteinte(s), {} non atteinte(s), {} non renseignée(s). Taux d'atteinte global (atteintes parmi les fiches évaluées) : {}.",
        counts.total(),
        bilan.year,
        counts.count(Status::Atteint),
        counts.count(Status::PartiellementAtteint),
        counts.count(Status::NonAtteint),
        counts.count(Status::NonRenseigne),
        percent(counts.global_rate())
    )));
    let widths = widths([30, 16, 38, 16]);
    let rows = bilan
        .actions
        .iter()
        .map(|action| {
            let label = format!("{} – {}", action.action.code, action.action.intitule);
            let why = wording::retention(&action.retention, &bilan.indicators, bilan.year);
            let before = doc
                .previous
                .and_then(|previous| previous.actions.iter().find(|a| a.action.code == action.action.code))
                .filter(|a| a.retained != Status::NonRenseigne)
                .map_or_else(|| "—".to_string(), |a| signed(a.retained));
            TableRow::new(vec![
                cell(&label, widths[0]),
                cell(&signed(action.retained), widths[1]),
                cell(&why, widths[2]),
                cell(&before, widths[3]),
            ])
        })
        .collect();
    let before = format!("Statut {}", bilan.year - 1);
    docx = docx
        .add_paragraph(title(2, "Les fiches action et leur statut"))
        .add_table(table(
            &["Fiche action", "Statut retenu", "Pourquoi", &before],
            &widths,
            rows,
        ));
    docx = pnad(docx, doc);
    standard(docx, doc)
}

fn pnad(docx: Docx, doc: &Document<'_>) -> Docx {
    let [current, previous] = &doc.bilan.pnad;
    let widths = widths([46, 18, 18, 18]);
    let row = |label: &str, target: &str, now: String, before: String| {
        TableRow::new(vec![
            cell(label, widths[0]),
            centred(target, widths[1]),
            centred(&now, widths[2]),
            centred(&before, widths[3]),
        ])
    };
    let rows = vec![
        row(
            "Marchés notifiés dans l'année",
            "",
            current.notified.to_string(),
            previous.notified.to_string(),
        ),
        row(
            "Part avec au moins une considération environnementale",
            &percent(Some(PNAD_ENV_TARGET)),
            percent(current.env_share()),
            percent(previous.env_share()),
        ),
        row(
            "Part avec au moins une considération sociale",
            &percent(Some(PNAD_SOCIAL_TARGET)),
            percent(current.social_share()),
            percent(previous.social_share()),
        ),
    ];
    let (year, before) = (current.year.to_string(), previous.year.to_string());
    docx.add_paragraph(title(2, "Plan national pour des achats durables (PNAD 2022-2025)"))
        .add_paragraph(text(
            "Le PNAD fixe pour 2025 qu'au moins 100 % des marchés notifiés comportent une considération environnementale et au moins 30 % une considération sociale. Les parts ci-dessous sont celles des marchés notifiés dans l'année.",
        ).keep_next(true))
        .add_table(table(&["Indicateur", "Objectif 2025", &year, &before], &widths, rows))
}

fn standard(docx: Docx, doc: &Document<'_>) -> Docx {
    let bilan = doc.bilan;
    if bilan.standard.is_empty() {
        return docx;
    }
    let docx = docx
        .add_paragraph(title(2, "Chiffres publiés au titre de l'article L.2111-3"))
        .add_table(figure_table(bilan, &wording::standard_rows(&bilan.standard)));
    let concessions = wording::concession_rows(&bilan.standard);
    if concessions.is_empty() {
        return docx;
    }
    docx.add_paragraph(title(2, "Concessions"))
        .add_paragraph(
            text(
                "Les contrats de concession (délégations de service public, concessions de service ou de travaux) sont comptés à part : les parts ci-dessus portent sur les seuls marchés.",
            )
            .keep_next(true),
        )
        .add_table(figure_table(bilan, &concessions))
}

/// A table of published figures, N and N-1, one row per code.
fn figure_table(bilan: &crate::compute::Bilan, rows: &[(&str, &str)]) -> docx_rs::Table {
    let widths = widths([60, 20, 20]);
    let rows = rows
        .iter()
        .map(|(code, label)| {
            let value = |year: i32| {
                bilan
                    .standard
                    .iter()
                    .find(|f| f.code == *code && f.year == year)
                    .map_or_else(String::new, wording::standard_value)
            };
            TableRow::new(vec![
                cell(label, widths[0]),
                centred(&value(bilan.year), widths[1]),
                centred(&value(bilan.year - 1), widths[2]),
            ])
        })
        .collect();
    let (year, before) = (bilan.year.to_string(), (bilan.year - 1).to_string());
    table(&["Chiffre", &year, &before], &widths, rows)
}

fn rules(docx: Docx) -> Docx {
    RULES.iter().fold(
        docx.add_paragraph(title(1, "Comment les statuts sont établis")),
        |docx, (subject, rule)| {
            docx.add_paragraph(
                Paragraph::new()
                    .add_run(Run::new().bold().add_text(format!("{subject}. ")))
                    .add_run(Run::new().add_text(*rule)),
            )
        },
    )
}

fn annexes(docx: Docx, doc: &Document<'_>) -> Docx {
    let docx = docx.add_paragraph(page_break()).add_paragraph(title(1, "Annexes"));
    let docx = indicators(docx, doc);
    let docx = climat(docx, doc);
    let docx = anomalies(docx, doc);
    sources(docx, doc)
}

fn indicators(docx: Docx, doc: &Document<'_>) -> Docx {
    let bilan = doc.bilan;
    let widths = widths([16, 40, 12, 12, 20]);
    let rows = bilan
        .indicators
        .iter()
        .map(|result| {
            let figure = |value: Option<String>| value.unwrap_or_default();
            TableRow::new(vec![
                cell(
                    &format!("{} · {}", result.indicator.code_fa, result.indicator.code),
                    widths[0],
                ),
                cell(&result.indicator.libelle, widths[1]),
                centred(&figure(wording::target_text(result)), widths[2]),
                centred(&figure(wording::realised_text(result)), widths[3]),
                cell(&signed(result.status), widths[4]),
            ])
        })
        .collect();
    let year = bilan.year;
    docx.add_paragraph(title(2, "Les indicateurs")).add_table(table(
        &[
            "Fiche · indicateur",
            "Indicateur",
            &format!("Cible {year}"),
            &format!("Réalisé {year}"),
            "Statut",
        ],
        &widths,
        rows,
    ))
}

/// The loi Climat et résilience (§11), only when contracts are in its scope.
fn climat(docx: Docx, doc: &Document<'_>) -> Docx {
    let summary = &doc.bilan.compliance;
    if summary.years.iter().all(|(_, tally)| tally.in_scope == 0) {
        return docx;
    }
    let widths = widths([50, 25, 25]);
    let [(year, current), (before, previous)] = &summary.years;
    let line = |label: &str, now: String, then: String| {
        TableRow::new(vec![
            cell(label, widths[0]),
            centred(&now, widths[1]),
            centred(&then, widths[2]),
        ])
    };
    let words = wording::compliance_words(summary);
    let rows = vec![
        line(
            words.in_scope,
            current.in_scope.to_string(),
            previous.in_scope.to_string(),
        ),
        line(
            "Pleinement conformes",
            current.compliant.to_string(),
            previous.compliant.to_string(),
        ),
        line(words.share, percent(current.share()), percent(previous.share())),
    ];
    docx.add_paragraph(title(2, words.title)).add_table(table(
        &[words.header, &year.to_string(), &before.to_string()],
        &widths,
        rows,
    ))
}

/// The anomalies summed by service and code: the workbook lists every one.
fn anomalies(docx: Docx, doc: &Document<'_>) -> Docx {
    let service_of = |file: &std::path::Path| {
        doc.inputs
            .sources
            .iter()
            .find(|s| s.path == file)
            .map_or_else(|| "—".to_string(), |s| s.service.clone())
    };
    let mut sums: BTreeMap<(String, &'static str), (Severity, usize)> = BTreeMap::new();
    for d in doc.diagnostics.iter().filter(|d| d.severity != Severity::Info) {
        let entry = sums
            .entry((service_of(&d.location.file), d.code.as_str()))
            .or_insert((d.severity, 0));
        entry.1 += d.elided.max(1);
    }
    let tally = Tally::of(doc.diagnostics);
    let docx = docx.add_paragraph(title(2, "Anomalies des classeurs")).add_paragraph(text(&format!(
        "{} erreur(s), {} avertissement(s) et {} information(s) ; le détail, cellule par cellule, est dans la feuille Anomalies du classeur de bilan.",
        tally.errors, tally.warnings, tally.infos
    )).keep_next(!sums.is_empty()));
    if sums.is_empty() {
        return docx;
    }
    let widths = widths([40, 30, 15, 15]);
    let rows = sums
        .into_iter()
        .map(|((service, code), (severity, count))| {
            TableRow::new(vec![
                cell(&service, widths[0]),
                cell(code, widths[1]),
                cell(severity.label(), widths[2]),
                centred(&count.to_string(), widths[3]),
            ])
        })
        .collect();
    docx.add_table(table(&["Service", "Code", "Gravité", "Nombre"], &widths, rows))
}

fn sources(docx: Docx, doc: &Document<'_>) -> Docx {
    let widths = widths([50, 25, 25]);
    let rows = doc
        .inputs
        .sources
        .iter()
        .map(|source| {
            TableRow::new(vec![
                cell(&crate::diagnostic::relative(&source.path, doc.base), widths[0]),
                cell(&source.service, widths[1]),
                centred(&source.rows_read.to_string(), widths[2]),
            ])
        })
        .collect();
    docx.add_paragraph(title(2, "Sources"))
        .add_table(table(&["Fichier", "Service", "Lignes lues"], &widths, rows))
}
