trait Shape {
    fn area(&self) -> f64;
    fn scaled(&self, factor: f64) -> Self
    where
        Self: Sized;
}

struct Square(f64);

impl Shape for Square {
    fn area(&self) -> f64 { self.0 * self.0 }
    fn scaled(&self, factor: f64) -> Self { Square(self.0 * factor) }
}

fn main() {
    let shapes: Vec<Box<dyn Shape>> = vec![Box::new(Square(2.0)), Box::new(Square(1.0).scaled(3.0))];
    let total: f64 = shapes.iter().map(|s| s.area()).sum();
    println!("total area: {}", total);
}
