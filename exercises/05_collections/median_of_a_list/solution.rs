use std::collections::HashMap;

/// The middle value once sorted (the mean of the two middle ones for an even count);
/// `None` for an empty list. The caller's list is left as it was.
pub fn median(values: &[i32]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort();
    let mid = sorted.len() / 2;
    if sorted.len() % 2 == 0 {
        Some((f64::from(sorted[mid - 1]) + f64::from(sorted[mid])) / 2.0)
    } else {
        Some(f64::from(sorted[mid]))
    }
}

/// The value that occurs most often (the smallest of them on a tie); `None` if empty.
pub fn mode(values: &[i32]) -> Option<i32> {
    let mut counts: HashMap<i32, usize> = HashMap::new();
    for &value in values {
        *counts.entry(value).or_insert(0) += 1;
    }
    counts
        .into_iter()
        .max_by(|(a, count_a), (b, count_b)| count_a.cmp(count_b).then(b.cmp(a)))
        .map(|(value, _)| value)
}

fn main() {
    let values = [3, 1, 4, 1, 5];
    println!("median: {:?}, mode: {:?}", median(&values), mode(&values));
}
