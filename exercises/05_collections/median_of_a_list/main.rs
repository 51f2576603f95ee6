// Implement `median` and `mode`, so that the exercise's tests pass.
/// The middle value once sorted (the mean of the two middle ones for an even count);
/// `None` for an empty list. The caller's list is left as it was.
pub fn median(values: &[i32]) -> Option<f64> {
    todo!("sort a copy of {values:?}")
}

/// The value that occurs most often (the smallest of them on a tie); `None` if empty.
pub fn mode(values: &[i32]) -> Option<i32> {
    todo!("count how often each value of {values:?} occurs, in a HashMap")
}

fn main() {
    let values = [3, 1, 4, 1, 5];
    println!("median: {:?}, mode: {:?}", median(&values), mode(&values));
}
