//! The taxonomy's `## Synonyms` section: groups of words (or short phrases) that stand
//! for each other in every phrase ("seats: seats, licences, users, logins").

use super::Elem;
use super::parse::words;
use crate::text::Lang;

/// Synonym groups, each a list of members (each member a run of words).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Synonyms {
    groups: Vec<Vec<Vec<Elem>>>,
}

impl Synonyms {
    /// Adds a group from its members as written; members with no word are skipped.
    pub fn add_group<'a>(&mut self, members: impl IntoIterator<Item = &'a str>) {
        self.add_group_in(members, Lang::En)
    }

    /// Adds a group whose members are words of `lang`.
    pub fn add_group_in<'a>(&mut self, members: impl IntoIterator<Item = &'a str>, lang: Lang) {
        let mut group: Vec<Vec<Elem>> = members
            .into_iter()
            .map(|m| words(m, lang))
            .filter(|m| !m.is_empty())
            .collect();
        // Longest member first, so "single sign on" wins over "sign on".
        group.sort_by_key(|m| std::cmp::Reverse(m.len()));
        if group.len() > 1 {
            self.groups.push(group);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    pub fn len(&self) -> usize {
        self.groups.len()
    }

    /// The stems of the one-word members of the group `word` belongs to ("need" →
    /// "need", "want", "requir", …); empty when it is in no group.
    pub fn one_word_stems(&self, word: &str, lang: Lang) -> Vec<String> {
        let probe = words(word, lang);
        let Some((group, _)) = self.member_at(&probe) else {
            return Vec::new();
        };
        group
            .iter()
            .filter_map(|m| match m.as_slice() {
                [Elem::Word(w)] => Some(w.stem.clone()),
                _ => None,
            })
            .collect()
    }

    /// Replaces every run of words equal (by stem) to a group member with the group.
    pub fn expand(&self, elems: &[Elem]) -> Vec<Elem> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < elems.len() {
            if let Some((group, len)) = self.member_at(&elems[i..]) {
                out.push(Elem::Alt(group.clone()));
                i += len;
                continue;
            }
            out.push(match &elems[i] {
                Elem::Alt(bs) => Elem::Alt(bs.iter().map(|b| self.expand(b)).collect()),
                e => e.clone(),
            });
            i += 1;
        }
        out
    }

    fn member_at(&self, elems: &[Elem]) -> Option<(&Vec<Vec<Elem>>, usize)> {
        self.groups.iter().find_map(|g| {
            g.iter()
                .find(|m| starts_with(elems, m))
                .map(|m| (g, m.len()))
        })
    }
}

/// Whether `elems` begin with `member`, word by word by stem; a word meant in its
/// written form only ([`Word::exact_form`]: "needed", "=früher") is only its own member:
/// "(we|they) needed access" is no "we want access".
fn starts_with(elems: &[Elem], member: &[Elem]) -> bool {
    member.len() <= elems.len()
        && member.iter().zip(elems).all(|(m, e)| match (m, e) {
            // "=seats" is no member at all: it stands for itself only.
            (Elem::Word(_), Elem::Word(b)) if b.exact => false,
            (Elem::Word(a), Elem::Word(b)) if b.exact_form() => a.norm == b.norm,
            (Elem::Word(a), Elem::Word(b)) => a.stem == b.stem,
            _ => false,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_word_stems_of_a_group() {
        let mut s = Synonyms::default();
        s.add_group(["need", "want", "would like", "require"]);
        let mut got = s.one_word_stems("needs", Lang::En);
        got.sort();
        assert_eq!(got, ["need", "requir", "want"]);
        assert!(s.one_word_stems("seat", Lang::En).is_empty());
    }
}
