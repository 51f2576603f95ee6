// Give the parser a method that returns the next word. Make this compile.
struct Parser<'a> {
    input: &'a str,
}

impl Parser {
    fn next_word(&mut self) -> Option<&str> {
        let text = self.input.trim_start();
        if text.is_empty() {
            return None;
        }
        let end = text.find(' ').unwrap_or(text.len());
        self.input = &text[end..];
        Some(&text[..end])
    }
}

fn main() {
    let mut parser = Parser { input: "let x = 5" };
    while let Some(word) = parser.next_word() {
        println!("word: {}", word);
    }
}
