// Every light has a wait time. Make this compile.
enum Light {
    Red,
    Yellow,
    Green,
}

fn wait_seconds(light: Light) -> u32 {
    match light {
        Light::Red => 30,
        Light::Green => 0,
    }
}

fn main() {
    for light in [Light::Red, Light::Yellow, Light::Green] {
        println!("wait {} s", wait_seconds(light));
    }
}
