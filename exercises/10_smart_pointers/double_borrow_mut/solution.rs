use std::cell::RefCell;

struct Log { entries: RefCell<Vec<String>> }

impl Log {
    fn trim(&self) {
        let mut entries = self.entries.borrow_mut();
        while entries.len() > 2 { entries.remove(0); }
    }
    fn add(&self, entry: &str) {
        self.entries.borrow_mut().push(entry.to_string());
        self.trim();
    }
}

fn main() {
    let log = Log { entries: RefCell::new(Vec::new()) };
    for entry in ["start", "load", "save"] {
        println!("adding {}", entry);
        log.add(entry);
    }
    println!("log: {:?}", log.entries.borrow());
}
