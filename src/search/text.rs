//! Text normalisation shared by indexing, querying and highlighting, so the
//! three always agree: accents folded (médiathèque = mediatheque), lower
//! case, split on anything not a letter or digit, and a light French plural
//! rule (médiathèques = médiathèque).

use deunicode::deunicode;

use super::Fragment;

/// Normalised words of `text`.
pub fn words(text: &str) -> Vec<String> {
    deunicode(text)
        .to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(singular)
        .collect()
}

/// Drops a plural `s` or `x` from words long enough not to be hurt by it.
fn singular(word: &str) -> String {
    let bytes = word.as_bytes();
    if word.len() > 4
        && matches!(bytes[word.len() - 1], b's' | b'x')
        && !matches!(bytes[word.len() - 2], b's')
    {
        word[..word.len() - 1].to_owned()
    } else {
        word.to_owned()
    }
}

/// Edits allowed for a query word: none below 5 letters, one from 5, two from 9.
pub fn typo_budget(word: &str) -> u8 {
    match word.chars().count() {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// Levenshtein distance, stopping early past `max`.
pub fn distance_within(a: &str, b: &str, max: usize) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len().abs_diff(b.len()) > max {
        return false;
    }
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            current[j + 1] = (previous[j] + cost)
                .min(previous[j + 1] + 1)
                .min(current[j] + 1);
        }
        if current.iter().min().copied().unwrap_or(0) > max {
            return false;
        }
        previous = current;
    }
    previous[b.len()] <= max
}

/// Whether an indexed word answers a query word (exact, typo, or — for the
/// last query word, typed as you go — prefix).
pub fn word_matches(query: &str, word: &str, is_last: bool) -> bool {
    let budget = usize::from(typo_budget(query));
    if word == query || distance_within(query, word, budget) {
        return true;
    }
    if is_last {
        let prefix: String = word.chars().take(query.chars().count()).collect();
        return prefix == query || distance_within(query, &prefix, budget);
    }
    false
}

/// Splits `text` into fragments, marking the words that answer the query.
pub fn highlight(text: &str, query_words: &[String]) -> Vec<Fragment> {
    let mut fragments: Vec<Fragment> = Vec::new();
    let mut push = |piece: &str, matched: bool| match fragments.last_mut() {
        Some(last) if last.matched == matched => last.text.push_str(piece),
        _ => fragments.push(Fragment {
            text: piece.to_owned(),
            matched,
        }),
    };
    let mut start = 0;
    let mut in_word = false;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (index, (offset, c)) in chars.iter().enumerate() {
        let is_word = c.is_alphanumeric();
        if is_word != in_word || index == 0 {
            if index > 0 {
                let piece = &text[start..*offset];
                push(piece, in_word && matches_any(piece, query_words));
            }
            start = *offset;
            in_word = is_word;
        }
    }
    if start < text.len() {
        let piece = &text[start..];
        push(piece, in_word && matches_any(piece, query_words));
    }
    fragments
}

fn matches_any(piece: &str, query_words: &[String]) -> bool {
    let normalised = words(piece);
    let Some(word) = normalised.first() else {
        return false;
    };
    let last = query_words.len().saturating_sub(1);
    query_words
        .iter()
        .enumerate()
        .any(|(i, q)| word_matches(q, word, i == last))
}

/// A short excerpt of `text` around its first matching word (≤ ~160 chars).
pub fn snippet(text: &str, query_words: &[String]) -> Vec<Fragment> {
    const WIDTH: usize = 160;
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= WIDTH {
        return highlight(text, query_words);
    }
    let fragments = highlight(text, query_words);
    let mut before = 0;
    for f in &fragments {
        if f.matched {
            break;
        }
        before += f.text.chars().count();
    }
    let start = before
        .saturating_sub(40)
        .min(chars.len().saturating_sub(WIDTH));
    let mut excerpt: String = chars[start..(start + WIDTH).min(chars.len())]
        .iter()
        .collect();
    if start > 0 {
        excerpt.insert(0, '…');
    }
    if start + WIDTH < chars.len() {
        excerpt.push('…');
    }
    highlight(&excerpt, query_words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_fold_accents_case_and_plurals() {
        assert_eq!(
            words("Les Médiathèques de RENNES"),
            ["les", "mediatheque", "de", "renne"]
        );
        assert_eq!(
            words("Réseau « Parcours » numérique"),
            ["reseau", "parcour", "numerique"]
        );
        assert_eq!(words("bus"), ["bus"]);
    }

    #[test]
    fn typos_follow_word_length() {
        assert!(word_matches("cryptobibb", "cryptobib", false));
        assert!(word_matches("labenbib", "labenbib", false));
        assert!(word_matches("parcour", "parcour", false));
        assert!(
            word_matches("numerik", "numerique", true),
            "prefix with a typo"
        );
        assert!(
            !word_matches("ping", "pong", false),
            "no typo under 5 letters"
        );
        assert!(word_matches("mediat", "mediatheque", true));
        assert!(!word_matches("mediat", "mediatheque", false));
    }

    #[test]
    fn highlight_marks_matching_words_keeping_accents() {
        let q = words("mediatheque renn");
        let fragments = highlight("Les médiathèques de Rennes", &q);
        let marked: Vec<&str> = fragments
            .iter()
            .filter(|f| f.matched)
            .map(|f| f.text.as_str())
            .collect();
        assert_eq!(marked, ["médiathèques", "Rennes"]);
        let joined: String = fragments.iter().map(|f| f.text.as_str()).collect();
        assert_eq!(joined, "Les médiathèques de Rennes");
    }
}
