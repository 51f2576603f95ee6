use super::*;

#[test]
fn median_of_an_odd_count_is_the_middle_value() {
    assert_eq!(median(&[3, 1, 4, 1, 5]), Some(3.0));
}

#[test]
fn median_of_an_even_count_is_the_mean_of_the_middle_two() {
    assert_eq!(median(&[4, 1, 3, 2]), Some(2.5));
}

#[test]
fn an_empty_list_has_neither() {
    assert_eq!(median(&[]), None);
    assert_eq!(mode(&[]), None);
}

#[test]
fn mode_is_the_most_frequent_value() {
    assert_eq!(mode(&[3, 1, 4, 1, 5]), Some(1));
    assert_eq!(mode(&[7, 7, 2, 2, 2]), Some(2));
}

#[test]
fn a_tie_goes_to_the_smallest_value() {
    assert_eq!(mode(&[9, 4, 9, 4]), Some(4));
}

#[test]
fn the_input_is_not_reordered() {
    let values = Vec::from([5, 3, 1]);
    assert_eq!(median(&values), Some(3.0));
    assert_eq!(values, [5, 3, 1]);
}
