use super::*;

fn shoe(size: u32, style: &str) -> Shoe {
    Shoe { size, style: String::from(style) }
}

#[test]
fn filters_by_size() {
    let shoes = Vec::from([shoe(10, "sneaker"), shoe(13, "sandal"), shoe(10, "boot")]);
    assert_eq!(shoes_in_size(shoes, 10), [shoe(10, "sneaker"), shoe(10, "boot")]);
}

#[test]
fn no_shoe_in_that_size() {
    let shoes = Vec::from([shoe(10, "sneaker"), shoe(13, "sandal")]);
    assert!(shoes_in_size(shoes, 7).is_empty());
}

#[test]
fn keeps_every_match() {
    let shoes = Vec::from([shoe(9, "a"), shoe(9, "b"), shoe(9, "c")]);
    assert_eq!(shoes_in_size(shoes, 9).len(), 3);
}
