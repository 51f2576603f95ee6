//! Property tests of the readers: random text of Rust's trickiest pieces (quotes, escapes,
//! raw strings, nested comments, lifetimes, stray delimiters) never makes one panic, the
//! tokens always cover the text in order, and in generated well-formed programs the
//! identifiers read are exactly those written as code, none from a comment or literal.

use crate::model::hidden;
use crate::model::syntax::attributes::outer_attribute_at;
use crate::model::syntax::lex::{self, Kind};
use crate::model::syntax::{items, outline};

/// A small deterministic generator (xorshift), so a failure repeats.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }

    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len())]
    }
}

/// Pieces of broken and unbroken Rust, glued at random.
const NOISE: &[&str] = &[
    "\"", "'", "\\", "/", "*", "/*", "*/", "//", "#", "!", "#![", "#[", "r#", "r#\"", "\"#", "b'",
    "b\"", "c\"", "br", "{", "}", "(", ")", "[", "]", ":", "::", " ", "\n", "a", "fn", "main",
    "super", "crate", "mod", "use", "é", "🦀", "\0", "'a", "1.0e", "0x", "$", "test",
];

const WORDS: &[&str] = &[
    "a", "fn", "main", "super", "crate", "mod", "use", "std", "x1", "é", "_y", "r#type",
];
const PUNCT: &[&str] = &[";", ",", "::", ":", "#", "!", "<", ">", "=", "&", "-", "."];
/// Literals, lifetimes and comments whose insides look like code.
const OPAQUE: &[&str] = &[
    "\"super { crate:: \\\" }\"",
    "\"fn main() {\\\\\"",
    "r#\"a \" } super\"#",
    "r##\"\"# fn\"##",
    "b\"{ use\"",
    "c\"mod x;\"",
    "br#\"#![no_std]\"#",
    "'x'",
    "'\\''",
    "'\\\\'",
    "'{'",
    "'\"'",
    "'é'",
    "'\\u{1F600}'",
    "b'}'",
    "'a ",
    "'static ",
    "// super::super { \" '\n",
    "/* a /* nested */ fn main */",
    "/** doc { */",
    "/// doc super\n",
    "0x1f_u32",
    "1.5e3",
];

fn noise(rng: &mut Rng) -> String {
    (0..rng.below(40)).map(|_| rng.pick(NOISE)).collect()
}

/// A well-formed program and the identifiers written as code in it, in order.
fn program(rng: &mut Rng, depth: usize, out: &mut String, words: &mut Vec<String>) {
    for _ in 0..rng.below(8) {
        match rng.below(10) {
            0..=2 => {
                let word = rng.pick(WORDS);
                words.push(word.trim_start_matches("r#").to_owned());
                out.push_str(word);
            }
            3 | 4 => out.push_str(rng.pick(PUNCT)),
            5..=7 => out.push_str(rng.pick(OPAQUE)),
            _ if depth < 4 => {
                let (open, close) = [("(", ")"), ("[", "]"), ("{", "}")][rng.below(3)];
                out.push_str(open);
                program(rng, depth + 1, out, words);
                out.push_str(close);
            }
            _ => {}
        }
        out.push(if rng.below(4) == 0 { '\n' } else { ' ' });
    }
}

/// Runs every reader over `text`; none may panic.
fn read_all(text: &str) {
    let tokens = lex::tokens(text);
    let mut end = 0;
    for token in &tokens {
        assert!(token.start >= end, "tokens overlap in {text:?}");
        assert_eq!(
            &text[token.start..token.start + token.text.len()],
            token.text
        );
        end = token.start + token.text.len();
    }
    let _ = lex::well_formed(&tokens);
    let _ = items::scan_items(text);
    let _ = items::inner_attribute_name(text);
    let _ = (outline::mains(&tokens), outline::super_paths(&tokens));
    let _ = (
        outline::use_roots(&tokens),
        outline::inner_attributes(&tokens),
    );
    let _ = (
        outline::has_absolute_path(&tokens),
        outline::declares_module_file(&tokens),
    );
    let _ = outline::has_sequence(&tokens, &["crate", "::"]);
    for i in 0..tokens.len() {
        if let Some(attribute) = outer_attribute_at(&tokens, i) {
            let _ = (attribute.path(), attribute.string_value("expected"));
        }
    }
    let _ = hidden::tests_in(text);
}

#[test]
fn random_text_never_panics() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for _ in 0..20_000 {
        read_all(&noise(&mut rng));
    }
}

#[test]
fn code_words_and_only_code_words_are_read() {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    for _ in 0..5_000 {
        let (mut text, mut words) = (String::new(), Vec::new());
        program(&mut rng, 0, &mut text, &mut words);
        read_all(&text);
        let tokens = lex::tokens(&text);
        let read: Vec<&str> = tokens
            .iter()
            .filter(|t| t.kind == Kind::Ident)
            .filter_map(|t| t.name())
            .collect();
        assert_eq!(read, words, "in {text:?}");
        assert_eq!(lex::well_formed(&tokens), Ok(()), "in {text:?}");
        assert!(items::scan_items(&text).is_ok(), "in {text:?}");
    }
}
