use std::thread;

fn main() {
    let jobs = vec!["resize", "compress", "upload"];

    let worker = thread::spawn(move || {
        for job in &jobs {
            println!("running {}", job);
        }
        jobs.len()
    });

    println!("{} jobs done", worker.join().unwrap());
}
