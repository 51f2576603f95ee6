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
    let mut num_sort_operations = 0;
    list.sort_by_key(|r| {
        num_sort_operations += 1;
        r.width
    });
    let sizes: Vec<String> = list.iter().map(|r| format!("{}x{}", r.width, r.height)).collect();
    println!("{:?}, sorted in {} operations", sizes, num_sort_operations);
}
