// Make `Counter` an iterator that counts 1 to 5, so that the exercise's tests pass.
pub struct Counter {
    count: u32,
}

impl Counter {
    pub fn new() -> Counter {
        Counter { count: 0 }
    }
}

impl Iterator for Counter {
    type Item = u32;

    fn next(&mut self) -> Option<Self::Item> {
        todo!("count up from {}, stop after 5", self.count)
    }
}

fn main() {
    let total: u32 = Counter::new().sum();
    println!("1 + 2 + 3 + 4 + 5 = {}", total);
}
