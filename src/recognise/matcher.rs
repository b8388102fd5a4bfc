//! Header matching (§2): a header cell against the labels and synonyms of one kind of sheet.
//! Exact (normalised) matches beat abbreviations; a trailing year is allowed where the column
//! says so; a parenthesised hint that is not part of any label is ignored; a group label above
//! a sub-header helps to choose between abbreviations.

use crate::catalogue::KindSpec;
use crate::normalise::{normalise, words};

/// How well a header matched a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Strength {
    /// Each header word is the beginning of a label word, in order.
    Abbreviation,
    /// The normalised header equals the label or a synonym.
    Exact,
}

/// The outcome of matching one header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderMatch {
    /// One column: its key, how well, and the year read from the header (`Cible 2025`).
    Column {
        /// The column's key.
        key: String,
        /// Exact or abbreviation.
        strength: Strength,
        /// The year suffix, for year-suffixed columns.
        year: Option<i32>,
    },
    /// Several columns match equally well by abbreviation.
    Ambiguous(Vec<String>),
    /// No column matches.
    Unknown,
}

#[derive(Debug)]
struct Spelling {
    key: String,
    normalised: String,
    /// The words of `normalised`, split once here rather than for every header compared.
    words: Vec<String>,
    year_suffix: bool,
}

/// Matches headers against the columns of one kind of sheet.
#[derive(Debug)]
pub struct Matcher {
    spellings: Vec<Spelling>,
    /// Every word of its spellings.
    vocabulary: Vocabulary,
}

/// Every word of a set of spellings, sorted: a header with a word that begins none of them
/// names none of their columns, which most texts met below a header show at once.
#[derive(Debug, Default)]
pub struct Vocabulary {
    words: Vec<String>,
}

impl Vocabulary {
    /// The words of `spellings` (normalised texts).
    pub fn of<'a>(spellings: impl IntoIterator<Item = &'a str>) -> Self {
        let mut words: Vec<String> = spellings
            .into_iter()
            .flat_map(|spelling| words(spelling).into_iter().map(str::to_string))
            .collect();
        words.sort_unstable();
        words.dedup();
        Vocabulary { words }
    }

    /// Whether `word` is the beginning of a known word.
    fn begins_a_known_word(&self, word: &str) -> bool {
        let first_not_before = self.words.partition_point(|known| known.as_str() < word);
        self.words
            .get(first_not_before)
            .is_some_and(|known| known.starts_with(word))
    }

    /// Whether a normalised text may be a spelling or abbreviate one, a year suffix aside.
    fn may_name_a_column(&self, text: &str) -> bool {
        let mut words = text.split(' ').filter(|w| !w.is_empty()).peekable();
        while let Some(word) = words.next() {
            let may_be_year = words.peek().is_none() && word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit());
            if !(may_be_year || self.begins_a_known_word(word)) {
                return false;
            }
        }
        true
    }
}

/// A header's texts, normalised once for every kind of sheet it is matched against.
#[derive(Debug)]
pub struct PreparedHeader {
    /// `group own`, for a sub-header under a group label.
    whole: Option<Forms>,
    /// The cell's own label.
    own: Forms,
    /// The group label, normalised: it helps to choose between abbreviations.
    group: Option<String>,
}

/// A text normalised, and again without its parenthesised hint when that differs.
#[derive(Debug)]
struct Forms {
    full: String,
    without_hint: Option<String>,
}

impl Forms {
    /// The forms of `group own`, from its parts': normalising joins their words with a space.
    fn whole(group: &str, group_normalised: &str, own: &str, own_forms: &Forms) -> Self {
        let full = match (group_normalised.is_empty(), own_forms.full.is_empty()) {
            (true, _) => own_forms.full.clone(),
            (false, true) => group_normalised.to_string(),
            (false, false) => format!("{group_normalised} {}", own_forms.full),
        };
        let without_hint = (group.contains('(') || own.contains('('))
            .then(|| normalise(&strip_parentheses(&format!("{group} {own}"))))
            .filter(|without| *without != full && !without.is_empty());
        Forms { full, without_hint }
    }

    fn new(text: &str) -> Self {
        let full = normalise(text);
        let without_hint = text
            .contains('(')
            .then(|| normalise(&strip_parentheses(text)))
            .filter(|without| *without != full && !without.is_empty());
        Forms { full, without_hint }
    }
}

impl Forms {
    fn texts(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.full.as_str()).chain(self.without_hint.as_deref())
    }
}

impl PreparedHeader {
    /// Whether some form of the header may name a column whose words are in `vocabulary`:
    /// when not, no matcher of those columns needs to look at it.
    pub fn may_match(&self, vocabulary: &Vocabulary) -> bool {
        // The whole `group own` holds the own label's words last: it can only name a column when
        // the own label could (parenthesised hints aside, which may span both).
        self.own
            .texts()
            .chain(self.whole.iter().filter_map(|whole| whole.without_hint.as_deref()))
            .any(|text| vocabulary.may_name_a_column(text))
    }

    /// A header cell's own label, under its group label for a two-row header.
    pub fn new(group: Option<&str>, own: &str) -> Self {
        let own_forms = Forms::new(own);
        let group_normalised = group.map(normalise);
        PreparedHeader {
            whole: group
                .zip(group_normalised.as_deref())
                .map(|(group, normalised)| Forms::whole(group, normalised, own, &own_forms)),
            own: own_forms,
            group: group_normalised,
        }
    }
}

impl Matcher {
    /// A matcher for the columns of `kind`.
    pub fn new(kind: &KindSpec) -> Self {
        let spellings = kind
            .columns
            .iter()
            .flat_map(|column| {
                std::iter::once(&column.label).chain(&column.synonyms).map(move |text| {
                    let normalised = normalise(text);
                    Spelling {
                        key: column.key.clone(),
                        words: words(&normalised).into_iter().map(str::to_string).collect(),
                        normalised,
                        year_suffix: column.year_suffix,
                    }
                })
            })
            .filter(|s| !s.normalised.is_empty())
            .collect::<Vec<_>>();
        let vocabulary = Vocabulary::of(spellings.iter().map(|s| s.normalised.as_str()));
        Matcher { spellings, vocabulary }
    }

    /// Every spelling's normalised text.
    pub fn spellings(&self) -> impl Iterator<Item = &str> {
        self.spellings.iter().map(|s| s.normalised.as_str())
    }

    /// Matches a header cell, optionally under a group label (two-row headers): the whole
    /// `group + own` first, then the own label alone.
    pub fn match_header(&self, group: Option<&str>, own: &str) -> HeaderMatch {
        self.match_prepared(&PreparedHeader::new(group, own))
    }

    /// [`Matcher::match_header`] on texts normalised beforehand.
    pub fn match_prepared(&self, header: &PreparedHeader) -> HeaderMatch {
        if let Some(whole) = &header.whole
            && let found @ HeaderMatch::Column { .. } = self.match_forms(whole, None)
        {
            return found;
        }
        self.match_forms(&header.own, header.group.as_deref())
    }

    fn match_forms(&self, forms: &Forms, group: Option<&str>) -> HeaderMatch {
        let found = self.match_normalised(&forms.full, group);
        match &forms.without_hint {
            Some(without_hint) if found == HeaderMatch::Unknown => self.match_normalised(without_hint, group),
            _ => found,
        }
    }

    fn match_normalised(&self, header: &str, group: Option<&str>) -> HeaderMatch {
        if header.is_empty() {
            return HeaderMatch::Unknown;
        }
        let found = self.match_without_year(header, None, group);
        if found != HeaderMatch::Unknown {
            return found;
        }
        match split_year(header) {
            Some((rest, year)) => self.match_without_year(rest, Some(year), group),
            None => HeaderMatch::Unknown,
        }
    }

    fn match_without_year(&self, header: &str, year: Option<i32>, group: Option<&str>) -> HeaderMatch {
        // Equal to a spelling or abbreviating one, each word begins a word of some spelling.
        if !header
            .split(' ')
            .all(|word| word.is_empty() || self.vocabulary.begins_a_known_word(word))
        {
            return HeaderMatch::Unknown;
        }
        let candidates = || self.spellings.iter().filter(|s| year.is_none() || s.year_suffix);
        let exact: Vec<&Spelling> = candidates().filter(|s| s.normalised == header).collect();
        let mut exact_keys = distinct_keys(&exact);
        match exact_keys.len() {
            0 => {}
            1 => {
                return HeaderMatch::Column {
                    key: exact_keys.remove(0),
                    strength: Strength::Exact,
                    year,
                };
            }
            // `Intitulé` in a combined référentiel: the indicator's or the action's, decided
            // by the sheet's other headers.
            _ => return HeaderMatch::Ambiguous(exact_keys),
        }
        let header_words = words(header);
        let abbreviated: Vec<&Spelling> = candidates().filter(|s| abbreviates(&header_words, &s.words)).collect();
        let mut keys = distinct_keys(&abbreviated);
        if keys.len() > 1
            && let Some(group) = group
        {
            let group_words = words(group);
            let related: Vec<&Spelling> = abbreviated
                .iter()
                .copied()
                .filter(|s| s.words.iter().any(|w| group_words.iter().any(|g| same_stem(w, g))))
                .collect();
            let related_keys = distinct_keys(&related);
            if related_keys.len() == 1 {
                keys = related_keys;
            }
        }
        match keys.len() {
            0 => HeaderMatch::Unknown,
            1 => HeaderMatch::Column {
                key: keys.remove(0),
                strength: Strength::Abbreviation,
                year,
            },
            _ => HeaderMatch::Ambiguous(keys),
        }
    }

    /// The closest known spelling of an unknown header, with its key, when it is close enough
    /// to be a typo (`Montnat HT` → `Montant HT (€)`).
    pub fn closest(&self, header: &str, labels: &dyn Fn(&str) -> String) -> Option<(String, String)> {
        let normalised = normalise(header);
        if normalised.len() < 4 {
            return None;
        }
        self.spellings
            .iter()
            .map(|s| (strsim::jaro_winkler(&normalised, &s.normalised), s))
            .filter(|(score, _)| *score >= 0.88)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, s)| (s.key.clone(), labels(&s.key)))
    }
}

/// Whether each header word is the beginning of a label word, in the same order (label words
/// may be skipped): `date de notif` abbreviates `date de notification`.
pub fn abbreviates<S: AsRef<str>>(header: &[&str], label: &[S]) -> bool {
    let mut label_words = label.iter();
    header.iter().all(|h| label_words.any(|l| l.as_ref().starts_with(h)))
}

fn distinct_keys(spellings: &[&Spelling]) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for spelling in spellings {
        if !keys.contains(&spelling.key) {
            keys.push(spelling.key.clone());
        }
    }
    keys
}

/// Two words of the same family (`environnementale` / `environnementales`).
fn same_stem(a: &str, b: &str) -> bool {
    let common = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    a == b || common >= 6
}

/// A header ending with a year: `cible 2025` → (`cible`, 2025).
fn split_year(header: &str) -> Option<(&str, i32)> {
    let (rest, last) = header.rsplit_once(' ')?;
    let year: i32 = last.parse().ok()?;
    (last.len() == 4 && (1990..=2100).contains(&year)).then_some((rest, year))
}

fn strip_parentheses(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for ch in text.chars() {
        match ch {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(ch),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::{Catalogue, SheetKind};

    fn recensement() -> Matcher {
        let catalogue = Catalogue::builtin().expect("catalogue");
        Matcher::new(catalogue.kind(SheetKind::Recensement))
    }

    fn key(found: HeaderMatch) -> Option<String> {
        match found {
            HeaderMatch::Column { key, .. } => Some(key),
            _ => None,
        }
    }

    #[test]
    fn header_matching_ignores_case_accents_spaces_and_punctuation() {
        let m = recensement();
        assert_eq!(key(m.match_header(None, "MONTANT HT (€)")), Some("montant_ht".into()));
        assert_eq!(
            key(m.match_header(None, "  date   de NOTIFICATION ")),
            Some("date_notification".into())
        );
        assert_eq!(
            key(m.match_header(None, "Clause sociale d’insertion")),
            Some("clause_sociale".into())
        );
    }

    #[test]
    fn abbreviated_headers_match_word_prefixes_in_order() {
        let m = recensement();
        assert_eq!(
            key(m.match_header(None, "Date de notif.")),
            Some("date_notification".into())
        );
        assert_eq!(key(m.match_header(None, "Clause env.")), Some("clause_env".into()));
        assert_eq!(
            key(m.match_header(None, "Clause d'insertion")),
            Some("clause_sociale".into())
        );
        assert_eq!(
            m.match_header(None, "Date de notif."),
            HeaderMatch::Column {
                key: "date_notification".into(),
                strength: Strength::Abbreviation,
                year: None
            }
        );
    }

    #[test]
    fn a_header_matching_several_keys_by_abbreviation_is_ambiguous() {
        let m = recensement();
        assert!(matches!(m.match_header(None, "Clause"), HeaderMatch::Ambiguous(keys) if keys.len() == 2));
    }

    #[test]
    fn an_exact_or_synonym_match_wins_over_an_abbreviation() {
        let m = recensement();
        // "Montant" abbreviates two labels but is a synonym of montant_ht.
        assert_eq!(
            m.match_header(None, "Montant"),
            HeaderMatch::Column {
                key: "montant_ht".into(),
                strength: Strength::Exact,
                year: None
            }
        );
    }

    #[test]
    fn a_parenthesised_hint_that_is_not_part_of_a_label_is_ignored() {
        let m = recensement();
        assert_eq!(key(m.match_header(None, "Nature (T/F/S)")), Some("nature".into()));
        assert_eq!(key(m.match_header(None, "Durée (mois)")), Some("duree_mois".into()));
    }

    #[test]
    fn a_two_row_header_matches_the_whole_then_the_own_label_helped_by_the_group() {
        let m = recensement();
        assert_eq!(
            key(m.match_header(Some("Considérations environnementales"), "Clause")),
            Some("clause_env".into())
        );
        assert_eq!(
            key(m.match_header(Some("Considérations environnementales"), "Critère")),
            Some("critere_env".into())
        );
        assert_eq!(
            key(m.match_header(Some("Considérations sociales"), "Clause d'insertion")),
            Some("clause_sociale".into())
        );
        assert_eq!(key(m.match_header(Some("Titulaire"), "Nom")), Some("titulaire".into()));
        assert_eq!(
            key(m.match_header(Some("Titulaire"), "Catégorie")),
            Some("categorie_titulaire".into())
        );
        assert_eq!(key(m.match_header(Some("Marché"), "Numéro")), Some("reference".into()));
    }

    #[test]
    fn year_suffixed_headers_give_their_year() {
        let catalogue = Catalogue::builtin().expect("catalogue");
        let m = Matcher::new(catalogue.kind(SheetKind::Indicateurs));
        assert_eq!(
            m.match_header(None, "Cible 2025"),
            HeaderMatch::Column {
                key: "cible".into(),
                strength: Strength::Exact,
                year: Some(2025)
            }
        );
        let b = Matcher::new(catalogue.kind(SheetKind::Bilan));
        assert_eq!(
            b.match_header(None, "Objectifs /Actions 2022"),
            HeaderMatch::Column {
                key: "objectif".into(),
                strength: Strength::Exact,
                year: Some(2022)
            }
        );
        assert_eq!(
            key(b.match_header(None, "Actions/Mise en œuvre 2022")),
            Some("mise_en_oeuvre".into())
        );
        assert_eq!(
            key(b.match_header(None, "Fiche Action-N°")),
            Some("fiche_action".into())
        );
    }

    #[test]
    fn an_unknown_header_close_to_a_label_finds_it() {
        let m = recensement();
        assert_eq!(m.match_header(None, "Montnat HT"), HeaderMatch::Unknown);
        let closest = m.closest("Montnat HT", &|k: &str| k.to_string());
        assert_eq!(closest.map(|c| c.0), Some("montant_ht".into()));
        assert_eq!(m.closest("Code interne", &|k: &str| k.to_string()), None);
    }

    proptest::proptest! {
        #[test]
        fn a_two_row_header_s_whole_is_normalised_like_its_two_labels_typed_together(
            group in "[A-Za-zéèœÉ0-9 ()'.,-]{0,16}",
            own in "[A-Za-zéèœÉ0-9 ()'.,-]{0,16}",
        ) {
            let whole = Forms::whole(&group, &normalise(&group), &own, &Forms::new(&own));
            let typed = Forms::new(&format!("{group} {own}"));
            proptest::prop_assert_eq!(whole.full, typed.full);
            proptest::prop_assert_eq!(whole.without_hint, typed.without_hint);
        }
    }
}
