// Sort the rectangles by width, counting the comparisons. Make this compile.
struct Rectangle {
    width: u32,
    height: u32,
}

fn main() {
    let mut list = [
        Rectangle { width: 10, height: 1 },
        Rectangle { width: 3, height: 5 },
        Rectangle { width: 7, height: 12 },
    ];
    let mut sort_operations = vec![];
    let value = String::from("closure called");
    list.sort_by_key(|r| {
        sort_operations.push(value);
        r.width
    });
    let sizes: Vec<String> = list.iter().map(|r| format!("{}x{}", r.width, r.height)).collect();
    println!("{:?}, sorted in {} operations", sizes, sort_operations.len());
}
