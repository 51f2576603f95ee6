fn archive(log: Vec<String>) -> usize {
    log.len()
}

fn main() {
    let log = vec![String::from("started"), String::from("stopped")];
    let last = log.last().unwrap().clone();
    let archived = archive(log);
    println!("archived {} entries, last was {}", archived, last);
}
