//! The stable codes of diagnostics (`montant-invalide`, `doublon`…): part of the product's
//! contract, relied on by scripts and the Anomalies sheet.

use serde::Serialize;
use std::fmt;

/// Stable diagnostic codes. The string form (`as_str`) is part of the product's contract:
/// scripts and the `Anomalies` sheet rely on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    /// `fichier-illisible`
    FileUnreadable,
    /// `fichier-protege`
    FileEncrypted,
    /// `format-non-pris-en-charge`
    FileFormatUnsupported,
    /// `fichier-vide`
    FileEmpty,
    /// `fichier-trop-volumineux`
    FileTooLarge,
    /// `feuille-trop-grande`
    SheetTooLarge,
    /// `aucune-feuille-reconnue`
    NoSheetRecognised,
    /// `feuille-non-reconnue`
    SheetNotRecognised,
    /// `en-tete-manquant`
    HeaderMissing,
    /// `en-tete-ambigu`
    HeaderAmbiguous,
    /// `en-tete-inconnu`
    HeaderUnknown,
    /// `en-tete-en-double`
    HeaderDuplicate,
    /// `colonnes-supplementaires`
    ExtraColumns,
    /// `valeur-obligatoire-manquante`
    RequiredValueMissing,
    /// `montant-invalide`
    AmountInvalid,
    /// `unite-lue`
    UnitRead,
    /// `montant-absent`
    AmountMissing,
    /// `valeur-lue`
    ValueRead,
    /// `texte-trop-long`
    TextTooLong,
    /// `classeur-sans-feuille`
    NoSheet,
    /// `feuille-en-double`
    SheetRepeated,
    /// `lecture-interrompue`
    ReadingInterrupted,
    /// `valeurs-multiples`
    SeveralValues,
    /// `action-ambigue`
    ActionAmbiguous,
    /// `date-invalide`
    DateInvalid,
    /// `booleen-invalide`
    BooleanInvalid,
    /// `valeur-inconnue`
    EnumUnknown,
    /// `nombre-invalide`
    NumberInvalid,
    /// `entier-invalide`
    IntegerInvalid,
    /// `annee-invalide`
    YearInvalid,
    /// `pourcentage-invalide`
    PercentInvalid,
    /// `pourcentage-ambigu`
    PercentAmbiguous,
    /// `erreur-de-formule`
    FormulaError,
    /// `formule-sans-valeur`
    FormulaWithoutValue,
    /// `texte-partage-absent`
    SharedStringMissing,
    /// `siret-invalide`
    SiretInvalid,
    /// `siret-cle-invalide`
    SiretChecksum,
    /// `cpv-mal-forme`
    CpvMalformed,
    /// `code-fa-invalide`
    FaCodeInvalid,
    /// `heures-sans-clause`
    HoursWithoutClause,
    /// `reemploi-superieur-au-montant`
    ReuseAboveAmount,
    /// `part-agec-superieure-au-montant`
    AgecPartAboveAmount,
    /// `don-superieur-au-reemploi`
    DonationAboveReuse,
    /// `categorie-agec-manquante`
    AgecCategoryMissing,
    /// `insertion-sans-marche`
    InsertionWithoutContract,
    /// `heures-realisees-excessives`
    InsertionHoursExcessive,
    /// `clause-sans-suivi-insertion`
    ClauseWithoutFollowUp,
    /// `action-inconnue`
    UnknownAction,
    /// `indicateur-inconnu`
    UnknownIndicator,
    /// `doublon`
    Duplicate,
    /// `doublon-entre-fichiers`
    DuplicateAcrossFiles,
    /// `considerations-en-desaccord`
    ConsiderationsDisagree,
    /// `definition-contradictoire`
    ConflictingDefinition,
    /// `ligne-ignoree`
    RowIgnored,
    /// `annee-introuvable`
    YearMissing,
    /// `statut-absent`
    StatusMissing,
    /// `statut-multiple`
    StatusMultiple,
    /// `marque-inattendue`
    MarkUnexpected,
    /// `date-de-notification-manquante`
    DateNotificationMissing,
    /// `date-improbable`
    DateImplausible,
    /// `calcul-invalide`
    CalculInvalid,
    /// `filtre-invalide`
    FilterInvalid,
    /// `calcul-ignore`
    CalculIgnored,
    /// `realise-different-du-calcul`
    RealiseDiffersFromComputed,
    /// `realise-non-reconnu`
    RealiseUnrecognised,
    /// `ecart-statut`
    StatusGap,
    /// `bilan-spaser-ignore`
    OwnBilanIgnored,
    /// `contenu-precedent-conserve`
    StaleContentKept,
    /// `intitule-different`
    IntituleDiffers,
    /// `definition-remplacee`
    DefinitionReplaced,
    /// `type-devine`
    TypeGuessed,
    /// `suivi-illisible`
    SuiviUnread,
    /// `fusion-hors-limites`
    MergeTooLarge,
    /// `declaration-hors-limites`
    DeclarationTooLarge,
    /// `lignes-repetees`
    RowsRepeated,
    /// `dossier-illisible`
    FolderUnreadable,
    /// `raccourci-ignore`
    ShortcutIgnored,
    /// `non-conforme-clause-env`
    NonCompliantClauseEnv,
    /// `non-conforme-critere-env`
    NonCompliantCritereEnv,
    /// `non-conforme-clause-sociale`
    NonCompliantClauseSociale,
    /// `derogation-motivee`
    MotivatedDerogation,
    /// `decp-non-reconnu`
    DecpNotRecognised,
    /// `decp-ecart-au-format`
    DecpDeviation,
    /// `concessions-a-part`
    ConcessionsApart,
    /// `doublon-decp`
    DecpDuplicate,
}

impl Code {
    /// The stable kebab-case code.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::FileUnreadable => "fichier-illisible",
            Code::FileEncrypted => "fichier-protege",
            Code::FileFormatUnsupported => "format-non-pris-en-charge",
            Code::FileEmpty => "fichier-vide",
            Code::FileTooLarge => "fichier-trop-volumineux",
            Code::SheetTooLarge => "feuille-trop-grande",
            Code::NoSheetRecognised => "aucune-feuille-reconnue",
            Code::SheetNotRecognised => "feuille-non-reconnue",
            Code::HeaderMissing => "en-tete-manquant",
            Code::HeaderAmbiguous => "en-tete-ambigu",
            Code::HeaderUnknown => "en-tete-inconnu",
            Code::HeaderDuplicate => "en-tete-en-double",
            Code::ExtraColumns => "colonnes-supplementaires",
            Code::RequiredValueMissing => "valeur-obligatoire-manquante",
            Code::AmountInvalid => "montant-invalide",
            Code::UnitRead => "unite-lue",
            Code::AmountMissing => "montant-absent",
            Code::ValueRead => "valeur-lue",
            Code::TextTooLong => "texte-trop-long",
            Code::NoSheet => "classeur-sans-feuille",
            Code::SheetRepeated => "feuille-en-double",
            Code::ReadingInterrupted => "lecture-interrompue",
            Code::SeveralValues => "valeurs-multiples",
            Code::ActionAmbiguous => "action-ambigue",
            Code::DateInvalid => "date-invalide",
            Code::BooleanInvalid => "booleen-invalide",
            Code::EnumUnknown => "valeur-inconnue",
            Code::NumberInvalid => "nombre-invalide",
            Code::IntegerInvalid => "entier-invalide",
            Code::YearInvalid => "annee-invalide",
            Code::PercentInvalid => "pourcentage-invalide",
            Code::PercentAmbiguous => "pourcentage-ambigu",
            Code::FormulaError => "erreur-de-formule",
            Code::FormulaWithoutValue => "formule-sans-valeur",
            Code::SharedStringMissing => "texte-partage-absent",
            Code::SiretInvalid => "siret-invalide",
            Code::SiretChecksum => "siret-cle-invalide",
            Code::CpvMalformed => "cpv-mal-forme",
            Code::FaCodeInvalid => "code-fa-invalide",
            Code::HoursWithoutClause => "heures-sans-clause",
            Code::ReuseAboveAmount => "reemploi-superieur-au-montant",
            Code::AgecPartAboveAmount => "part-agec-superieure-au-montant",
            Code::DonationAboveReuse => "don-superieur-au-reemploi",
            Code::AgecCategoryMissing => "categorie-agec-manquante",
            Code::InsertionWithoutContract => "insertion-sans-marche",
            Code::InsertionHoursExcessive => "heures-realisees-excessives",
            Code::ClauseWithoutFollowUp => "clause-sans-suivi-insertion",
            Code::UnknownAction => "action-inconnue",
            Code::UnknownIndicator => "indicateur-inconnu",
            Code::DuplicateAcrossFiles => "doublon-entre-fichiers",
            Code::ConsiderationsDisagree => "considerations-en-desaccord",
            Code::Duplicate => "doublon",
            Code::ConflictingDefinition => "definition-contradictoire",
            Code::RowIgnored => "ligne-ignoree",
            Code::YearMissing => "annee-introuvable",
            Code::StatusMissing => "statut-absent",
            Code::StatusMultiple => "statut-multiple",
            Code::MarkUnexpected => "marque-inattendue",
            Code::DateNotificationMissing => "date-de-notification-manquante",
            Code::DateImplausible => "date-improbable",
            Code::CalculInvalid => "calcul-invalide",
            Code::FilterInvalid => "filtre-invalide",
            Code::CalculIgnored => "calcul-ignore",
            Code::RealiseDiffersFromComputed => "realise-different-du-calcul",
            Code::RealiseUnrecognised => "realise-non-reconnu",
            Code::StatusGap => "ecart-statut",
            Code::OwnBilanIgnored => "bilan-spaser-ignore",
            Code::StaleContentKept => "contenu-precedent-conserve",
            Code::IntituleDiffers => "intitule-different",
            Code::DefinitionReplaced => "definition-remplacee",
            Code::TypeGuessed => "type-devine",
            Code::SuiviUnread => "suivi-illisible",
            Code::MergeTooLarge => "fusion-hors-limites",
            Code::DeclarationTooLarge => "declaration-hors-limites",
            Code::RowsRepeated => "lignes-repetees",
            Code::FolderUnreadable => "dossier-illisible",
            Code::ShortcutIgnored => "raccourci-ignore",
            Code::NonCompliantClauseEnv => "non-conforme-clause-env",
            Code::NonCompliantCritereEnv => "non-conforme-critere-env",
            Code::NonCompliantClauseSociale => "non-conforme-clause-sociale",
            Code::MotivatedDerogation => "derogation-motivee",
            Code::DecpNotRecognised => "decp-non-reconnu",
            Code::DecpDeviation => "decp-ecart-au-format",
            Code::ConcessionsApart => "concessions-a-part",
            Code::DecpDuplicate => "doublon-decp",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}
