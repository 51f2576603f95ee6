struct Parser<'a> {
    input: &'a str,
}

impl<'a> Parser<'a> {
    fn next_word(&mut self) -> Option<&'a str> {
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
