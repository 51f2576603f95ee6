// `largest` should work for any list of comparable values. Make it compile.
fn largest<T>(list: &[T]) -> &T {
    let mut largest = &list[0];

    for item in list {
        if item > largest { //~ ERROR binary operation `>` cannot be applied to type `&T` [E0369]
            largest = item;
        }
    }

    largest
}

fn main() {
    println!("The largest number is {}", largest(&[34, 50, 25, 100, 65]));
    println!("The largest char is {}", largest(&['y', 'm', 'a', 'q']));
}
