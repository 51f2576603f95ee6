// Convert temperatures both ways with `.into()`. Make this compile.
struct Celsius(f64);
struct Fahrenheit(f64);

impl From<Celsius> for Fahrenheit {
    fn from(c: Celsius) -> Self {
        Fahrenheit(c.0 * 9.0 / 5.0 + 32.0)
    }
}

fn main() {
    let boiling: Fahrenheit = Celsius(100.0).into();
    println!("boiling: {:.1} F", boiling.0);
    let body: Celsius = Fahrenheit(98.6).into(); //~ ERROR the trait bound `Celsius: From<Fahrenheit>` is not satisfied [E0277]
    println!("body: {:.1} C", body.0);
}
