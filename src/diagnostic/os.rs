//! Errors of the operating system said in French, whatever the system's language (§9): the
//! system's own words never reach a user.

/// Why the system refused, in French whatever the system's language (a Windows error message
/// comes in the system's own language, an English one under Wine or on Linux).
pub fn in_french(error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    #[cfg(windows)]
    {
        // ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION: the file is open in Excel.
        if matches!(error.raw_os_error(), Some(32 | 33)) {
            return "le fichier est ouvert dans un autre programme, Excel peut-être".to_string();
        }
    }
    let why = match error.kind() {
        ErrorKind::PermissionDenied => "accès refusé",
        ErrorKind::NotFound => "dossier introuvable",
        ErrorKind::StorageFull => "disque plein",
        ErrorKind::QuotaExceeded => "quota du disque dépassé",
        ErrorKind::ReadOnlyFilesystem => "disque en lecture seule",
        ErrorKind::FileTooLarge => "fichier trop grand pour ce disque",
        ErrorKind::ResourceBusy => "fichier occupé par un autre programme",
        ErrorKind::IsADirectory => "un dossier porte ce nom",
        ErrorKind::InvalidFilename => "nom de fichier refusé par le système",
        _ => {
            return match error.raw_os_error() {
                Some(code) => format!("erreur du système n° {code}"),
                None => "erreur du système".to_string(),
            };
        }
    };
    why.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn os_errors_are_said_in_french_never_in_the_systems_words() {
        use std::io::{Error, ErrorKind};
        assert_eq!(in_french(&Error::from(ErrorKind::StorageFull)), "disque plein");
        assert_eq!(in_french(&Error::from(ErrorKind::PermissionDenied)), "accès refusé");
        #[cfg(unix)]
        {
            assert_eq!(in_french(&Error::from_raw_os_error(28)), "disque plein", "ENOSPC");
            assert_eq!(
                in_french(&Error::from_raw_os_error(30)),
                "disque en lecture seule",
                "EROFS"
            );
        }
        let odd = in_french(&Error::other("No such thing (os error 99)"));
        assert!(
            !odd.contains("os error") && odd.starts_with("erreur du système"),
            "{odd}"
        );
    }
}
