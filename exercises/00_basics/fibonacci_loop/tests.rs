use super::*;

#[test]
fn starts_with_zero_and_one() {
    assert_eq!(fibonacci(0), 0);
    assert_eq!(fibonacci(1), 1);
}

#[test]
fn each_number_is_the_sum_of_the_two_before() {
    assert_eq!(fibonacci(2), 1);
    assert_eq!(fibonacci(10), 55);
    assert_eq!(fibonacci(20), 6765);
}

#[test]
fn large_numbers_fit_in_a_u64() {
    assert_eq!(fibonacci(90), 2880067194370816120);
}
