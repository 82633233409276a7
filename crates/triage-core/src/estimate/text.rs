//! Text tokens without the tokenizer. Claude's tokenizer is not public, so this counts what tokenizers of its
//! kind split on, and the estimate carries a band:
//!
//! - a run of ASCII letters is one token up to 7 letters, and one more for every 5 letters after that (common
//!   words are one token; long or rare words split into pieces);
//! - a run of digits is one token per 3 digits;
//! - each ASCII punctuation or symbol character is one token;
//! - a single space before a word is free (it belongs to the word's token); other whitespace runs cost one token
//!   per 4 characters (newlines, indentation);
//! - CJK ideographs, kana and hangul are one token each;
//! - other letters (accented Latin, Cyrillic, Greek, …) count as a word of their own script at one token per 3
//!   characters, and any other character (emoji, symbols) as 2 tokens.
//!
//! The band is the point estimate −25 % / +30 %, and models with the tokenizer introduced by Claude Opus 4.7 (see
//! [`super::model_rules`]) count 1.0–1.35 times as many tokens (the docs: prose most, code less, CJK about
//! equal), so their point estimate is multiplied by 1.15 and their band widened to match.

/// Tokens in `text` by the heuristic above (the point estimate for the classic tokenizer).
pub fn count(text: &str) -> u64 {
    let mut tokens = 0u64;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_alphabetic() {
            let mut len = 1u64;
            while chars.next_if(char::is_ascii_alphabetic).is_some() {
                len += 1;
            }
            tokens += 1 + len.saturating_sub(7).div_ceil(5);
        } else if c.is_ascii_digit() {
            let mut len = 1u64;
            while chars.next_if(char::is_ascii_digit).is_some() {
                len += 1;
            }
            tokens += len.div_ceil(3);
        } else if c == ' ' && chars.peek().is_some_and(|n| !n.is_whitespace()) {
            // The space that starts a word.
        } else if c.is_whitespace() {
            let mut len = 1u64;
            while chars.next_if(|n| n.is_whitespace()).is_some() {
                len += 1;
            }
            tokens += len.div_ceil(4);
        } else if c.is_ascii() || is_cjk(c) {
            // ASCII punctuation and symbols; CJK characters.
            tokens += 1;
        } else if c.is_alphabetic() {
            let mut len = 1u64;
            while chars
                .next_if(|n| n.is_alphabetic() && !n.is_ascii() && !is_cjk(*n))
                .is_some()
            {
                len += 1;
            }
            tokens += len.div_ceil(3);
        } else {
            tokens += 2;
        }
    }
    tokens
}

/// Ideographs, kana and hangul: scripts without spaces, about one token per character.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30ff      // hiragana, katakana
        | 0x3400..=0x4dbf    // CJK extension A
        | 0x4e00..=0x9fff    // CJK unified ideographs
        | 0xac00..=0xd7af    // hangul syllables
        | 0xf900..=0xfaff    // compatibility ideographs
        | 0x20000..=0x2fa1f) // CJK extensions B–F
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_words_punctuation_and_scripts() {
        assert_eq!(count(""), 0);
        assert_eq!(count("Hello, Claude"), 3);
        assert_eq!(count("Can you describe LLMs to me?"), 8);
        assert_eq!(count("2026"), 2);
        assert_eq!(count("a\n\nb"), 3);
        assert_eq!(count("东京"), 2);
        assert_eq!(count("Привет"), 2);
        assert_eq!(count("🦀"), 2);
        assert_eq!(count("internationalization"), 4);
    }
}
