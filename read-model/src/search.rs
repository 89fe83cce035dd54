//! Search terms: the words of a title or document, spelled so that a MySQL / MariaDB
//! InnoDB `FULLTEXT` index finds Chinese as well as English, with the servers' default
//! settings.
//!
//! InnoDB's built-in parser splits on spaces and punctuation and drops tokens shorter
//! than `innodb_ft_min_token_size` (3) and its English stop words. Chinese has no spaces,
//! and a two-character query is below the minimum. So each term is written as an ASCII
//! token: `w` + hex of a lowercased word (English, digits), `b` + hex of a CJK bigram
//! and `u` + hex of a single CJK character. Every token is at least 3 characters, none
//! is a stop word, and the hex of a prefix is a prefix of the hex, so `word*` still
//! matches longer words.
//!
//! The indexer writes [`terms`] of titles and names into `search_terms` columns; the API
//! writes the terms of the documents it stores, and turns a user's query into a boolean
//! `AGAINST` expression with [`query`].

use std::fmt::Write as _;

/// Whether `c` is written without spaces between words (CJK ideographs, kana, hangul).
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF      // hiragana, katakana
        | 0x3400..=0x4DBF    // CJK extension A
        | 0x4E00..=0x9FFF    // CJK unified ideographs
        | 0xAC00..=0xD7AF    // hangul syllables
        | 0xF900..=0xFAFF    // CJK compatibility ideographs
        | 0x20000..=0x2FA1F) // CJK extensions B–F, compatibility supplement
}

/// One piece of text: a run of word characters or a run of CJK characters.
enum Run {
    Word(String),
    Cjk(Vec<char>),
}

fn runs(text: &str) -> Vec<Run> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut cjk = Vec::new();
    for c in text.chars() {
        if is_cjk(c) {
            if !word.is_empty() {
                out.push(Run::Word(std::mem::take(&mut word)));
            }
            cjk.push(c);
        } else if c.is_alphanumeric() {
            if !cjk.is_empty() {
                out.push(Run::Cjk(std::mem::take(&mut cjk)));
            }
            word.extend(c.to_lowercase());
        } else {
            if !word.is_empty() {
                out.push(Run::Word(std::mem::take(&mut word)));
            }
            if !cjk.is_empty() {
                out.push(Run::Cjk(std::mem::take(&mut cjk)));
            }
        }
    }
    if !word.is_empty() {
        out.push(Run::Word(word));
    }
    if !cjk.is_empty() {
        out.push(Run::Cjk(cjk));
    }
    out
}

/// Words longer than this are cut (InnoDB ignores tokens over 84 characters; the hex
/// doubles the length).
const MAX_WORD_BYTES: usize = 40;

fn hex_word(word: &str, out: &mut String) {
    out.push('w');
    let mut end = word.len().min(MAX_WORD_BYTES);
    while !word.is_char_boundary(end) {
        end -= 1;
    }
    for b in &word.as_bytes()[..end] {
        write!(out, "{b:02x}").expect("writing to a String");
    }
}

fn hex_chars(tag: char, chars: &[char], out: &mut String) {
    out.push(tag);
    for c in chars {
        // Fixed width (5 digits reach U+FFFFF), so a bigram's two halves never blur.
        write!(out, "{:05x}", *c as u32).expect("writing to a String");
    }
}

/// The width of the read model's `search_terms` columns.
pub const TITLE_TERMS_BYTES: usize = 4000;

/// The search terms of a title or name: space-separated tokens for a `FULLTEXT`
/// column, each distinct token once, at most [`TITLE_TERMS_BYTES`] long.
pub fn terms(text: &str) -> String {
    terms_limited(text, TITLE_TERMS_BYTES)
}

/// [`terms`], cut at `limit_bytes` (whole tokens only).
pub fn terms_limited(text: &str, limit_bytes: usize) -> String {
    let mut seen = std::collections::HashSet::new();
    let mut out = String::new();
    let mut token = String::new();
    let mut push = |token: &mut String, out: &mut String| -> bool {
        if seen.insert(token.clone()) {
            if out.len() + token.len() + 1 > limit_bytes {
                return false;
            }
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(token);
        }
        token.clear();
        true
    };
    for run in runs(text) {
        match run {
            Run::Word(w) => {
                hex_word(&w, &mut token);
                if !push(&mut token, &mut out) {
                    return out;
                }
            }
            Run::Cjk(cs) => {
                for c in &cs {
                    hex_chars('u', std::slice::from_ref(c), &mut token);
                    if !push(&mut token, &mut out) {
                        return out;
                    }
                }
                for pair in cs.windows(2) {
                    hex_chars('b', pair, &mut token);
                    if !push(&mut token, &mut out) {
                        return out;
                    }
                }
            }
        }
    }
    out
}

/// A user's search text as a boolean-mode `AGAINST` expression: every English word
/// required as a prefix, every CJK run required as its bigrams (or its one character).
/// `None` when the text has nothing searchable.
pub fn query(text: &str) -> Option<String> {
    let mut out = String::new();
    let mut token = String::new();
    let mut add = |token: &mut String, prefix: bool| {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push('+');
        out.push_str(token);
        if prefix {
            out.push('*');
        }
        token.clear();
    };
    for run in runs(text).into_iter().take(16) {
        match run {
            Run::Word(w) => {
                hex_word(&w, &mut token);
                add(&mut token, true);
            }
            Run::Cjk(cs) if cs.len() == 1 => {
                hex_chars('u', &cs, &mut token);
                add(&mut token, false);
            }
            Run::Cjk(cs) => {
                for pair in cs.windows(2).take(16) {
                    hex_chars('b', pair, &mut token);
                    add(&mut token, false);
                }
            }
        }
    }
    (!out.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_words_are_lowercased_hex_tokens() {
        assert_eq!(terms("Go go GO!"), "w676f");
        assert_eq!(terms("Boss raid"), "w626f7373 w72616964");
    }

    #[test]
    fn chinese_runs_become_characters_and_bigrams() {
        // 原 U+539F, 神 U+795E
        assert_eq!(terms("原神"), "u0539f u0795e b0539f0795e");
        let mixed = terms("原神 boss");
        assert!(mixed.contains("b0539f0795e") && mixed.contains("w626f7373"));
    }

    #[test]
    fn a_two_character_query_needs_its_bigram() {
        assert_eq!(query("原神").as_deref(), Some("+b0539f0795e"));
        assert_eq!(query("神").as_deref(), Some("+u0795e"));
        assert_eq!(query("Bos").as_deref(), Some("+w626f73*"));
        assert_eq!(query("  ,.!  "), None);
        // The query's tokens are in the terms of a title that contains the words.
        let t = terms("本周原神深渊攻略 Boss guide");
        for tok in query("原神 boss").unwrap().split(' ') {
            let tok = tok.trim_start_matches('+').trim_end_matches('*');
            assert!(t.split(' ').any(|x| x.starts_with(tok)), "{tok} in {t}");
        }
    }

    #[test]
    fn every_token_is_long_enough_for_innodb() {
        for tok in terms("a 1 我 x我y Ωmega").split(' ') {
            assert!(tok.len() >= 3, "{tok}");
            assert!(tok.chars().all(|c| c.is_ascii_alphanumeric()), "{tok}");
        }
    }

    #[test]
    fn terms_are_bounded() {
        let long = "字".repeat(10_000) + &"word ".repeat(10_000);
        let t = terms_limited(&long, 100);
        assert!(t.len() <= 100);
        assert!(!t.ends_with(' '));
        let huge = "x".repeat(10_000);
        assert!(terms(&huge).len() <= 1 + 2 * MAX_WORD_BYTES);
        // The longest title (255 CJK characters, all different) fits the column.
        let title: String = (0..255u32)
            .map(|i| char::from_u32(0x4E00 + i).unwrap())
            .collect();
        assert!(terms(&title).len() <= TITLE_TERMS_BYTES);
    }
}
