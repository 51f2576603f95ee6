// Process the job queue on a worker thread. Make this compile.
use std::thread;

fn main() {
    let jobs = vec!["resize", "compress", "upload"];

    let worker = thread::spawn(|| {
        for job in &jobs {
            println!("running {}", job);
        }
        jobs.len()
    });

    println!("{} jobs done", worker.join().unwrap());
}
