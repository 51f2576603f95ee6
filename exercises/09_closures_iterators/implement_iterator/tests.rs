use super::*;

#[test]
fn counts_from_one_to_five() {
    let mut counter = Counter::new();
    assert_eq!(counter.next(), Some(1));
    assert_eq!(counter.next(), Some(2));
    assert_eq!(counter.next(), Some(3));
    assert_eq!(counter.next(), Some(4));
    assert_eq!(counter.next(), Some(5));
    assert_eq!(counter.next(), None);
}

#[test]
fn stays_finished() {
    let mut counter = Counter::new();
    for _ in 0..5 {
        counter.next();
    }
    assert_eq!(counter.next(), None);
    assert_eq!(counter.next(), None);
}

#[test]
fn every_adapter_comes_for_free() {
    let sum: u32 = Counter::new()
        .zip(Counter::new().skip(1))
        .map(|(a, b)| a * b)
        .filter(|x| x % 3 == 0)
        .sum();
    assert_eq!(sum, 18);
}
