/// The n-th Fibonacci number: 0, 1, 1, 2, 3, 5, 8, ... (`fibonacci(0)` is 0).
pub fn fibonacci(n: u32) -> u64 {
    let (mut current, mut next) = (0, 1);
    for _ in 0..n {
        let sum = current + next;
        current = next;
        next = sum;
    }
    current
}

fn main() {
    for n in 0..10 {
        print!("{} ", fibonacci(n));
    }
    println!();
}
