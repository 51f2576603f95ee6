fn discount(price: u32, percent: u32) -> Result<u32, String> {
    if percent > 100 {
        return Err(format!("invalid discount: {}%", percent));
    }
    Ok(price - price * percent / 100)
}

fn main() {
    println!("{:?}", discount(200, 25));
    println!("{:?}", discount(200, 150));
}
