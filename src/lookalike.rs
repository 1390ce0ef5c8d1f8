//! Text that reads as something it is not (checklist L13). E-mail is folded with NFKC (a
//! fullwidth `ａ` is `a`), and characters that show as nothing or reorder text are refused in
//! e-mail and display names: with them, "Demo Admin" plus a zero-width space would be a second
//! account that reads exactly like the first. The names a user gives a token or a passkey
//! follow the same rule, since they are shown back in security notices: a right-to-left
//! override or a line break there could make a notice say what Quire never wrote.

/// Characters that render as nothing or reorder text: controls, format characters (Unicode
/// category Cf: zero-width spaces and joiners, bidi embeddings, overrides and isolates, word
/// joiners, the BOM), fillers that draw as blanks, and variation selectors.
pub fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{061C}'
                | '\u{115F}'..='\u{1160}'
                | '\u{17B4}'..='\u{17B5}'
                | '\u{180B}'..='\u{180F}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{2800}'
                | '\u{3164}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{FFA0}'
                | '\u{FFF0}'..='\u{FFFB}'
                | '\u{1BCA0}'..='\u{1BCA3}'
                | '\u{1D173}'..='\u{1D17A}'
                | '\u{E0000}'..='\u{E0FFF}'
        )
}

/// Compatibility-folded (NFKC) on the server, where accounts are stored and compared. The
/// browser bundle does without the normalisation tables: its checks only give early hints.
pub fn fold(text: &str) -> String {
    #[cfg(feature = "ssr")]
    {
        use unicode_normalization::UnicodeNormalization;
        text.nfkc().collect()
    }
    #[cfg(not(feature = "ssr"))]
    {
        text.to_owned()
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn l13_invisible_and_reordering_characters_are_recognised() {
        for c in [
            '\u{200B}', '\u{200D}', '\u{202E}', '\u{2066}', '\u{FEFF}', '\u{0007}',
        ] {
            assert!(is_invisible(c), "{:04X}", c as u32);
        }
        for c in ['a', 'é', 'Ω', ' ', '-', '中'] {
            assert!(!is_invisible(c), "{c}");
        }
    }

    #[test]
    fn l13_fullwidth_letters_fold_to_ascii() {
        assert_eq!(fold("ａｄｍｉｎ"), "admin");
        assert_eq!(fold("Demo\u{00A0}Admin"), "Demo Admin");
    }
}
