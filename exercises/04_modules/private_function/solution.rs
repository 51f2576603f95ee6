mod billing {
    pub fn apply_discount(total: u32) -> u32 {
        total * 9 / 10
    }

    pub fn invoice(total: u32) -> String {
        format!("invoice: {} (after discount)", apply_discount(total))
    }
}

fn main() {
    println!("{}", billing::invoice(200));
    println!("discounted: {}", billing::apply_discount(200));
}
