// The kitchen fixes an incorrect order, then serves it. Make this compile.
fn deliver_order(dish: &str) -> String {
    format!("served: {}", dish)
}

mod back_of_house {
    pub fn fix_incorrect_order(dish: &str) -> String {
        let fixed = cook_order(dish);
        deliver_order(&fixed) //~ ERROR cannot find function `deliver_order` in this scope [E0425]
    }

    fn cook_order(dish: &str) -> String {
        format!("{} (remade)", dish)
    }
}

fn main() {
    println!("{}", back_of_house::fix_incorrect_order("soup"));
}
