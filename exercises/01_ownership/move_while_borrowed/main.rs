// Archive the log, then report how many entries it had and what the last one was.
fn archive(log: Vec<String>) -> usize {
    log.len()
}

fn main() {
    let log = vec![String::from("started"), String::from("stopped")];
    let last = log.last().unwrap();
    let archived = archive(log);
    println!("archived {} entries, last was {}", archived, last);
}
