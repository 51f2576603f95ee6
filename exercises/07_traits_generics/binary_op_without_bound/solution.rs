fn largest<T: PartialOrd>(list: &[T]) -> &T {
    let mut largest = &list[0];

    for item in list {
        if item > largest {
            largest = item;
        }
    }

    largest
}

fn main() {
    println!("The largest number is {}", largest(&[34, 50, 25, 100, 65]));
    println!("The largest char is {}", largest(&['y', 'm', 'a', 'q']));
}
