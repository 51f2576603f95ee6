use super::*;

#[test]
fn larger_can_hold_smaller() {
    let larger = Rectangle { width: 8, height: 7 };
    let smaller = Rectangle { width: 5, height: 1 };
    assert!(larger.can_hold(&smaller));
}

#[test]
fn smaller_cannot_hold_larger() {
    let larger = Rectangle { width: 8, height: 7 };
    let smaller = Rectangle { width: 5, height: 1 };
    assert!(!smaller.can_hold(&larger));
}

#[test]
fn both_sides_must_fit() {
    let wide = Rectangle { width: 20, height: 2 };
    let tall = Rectangle { width: 2, height: 20 };
    assert!(!wide.can_hold(&tall));
    assert!(!tall.can_hold(&wide));
}
